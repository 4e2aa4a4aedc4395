using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Live.Ack;
using EdgeSensors.Fleet.Live.Api;
using EdgeSensors.Fleet.Live.Ingest;

namespace EdgeSensors.Fleet.Live;

/// <summary>
/// Wires Live/ into the server: the handler of telemetry and alarm messages, the batching writer, the read API
/// the dashboard polls, and acknowledging alarms (Ack/: a command to the device over the server's broker connection). Storage is the database, so several instances serve the same live state.
/// </summary>
public static class LiveModule
{
    public static void AddLive(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LiveDecoder>();
        services.AddSingleton<LiveWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveWriter>());
        services.AddScoped<IDeviceMessageHandler, LiveMessageHandler>();
        services.AddSingleton<BrokerCommandChannel>();
        services.AddSingleton<IDeviceCommandChannel>(sp => sp.GetRequiredService<BrokerCommandChannel>());
    }

    public static void MapLive(this RouteGroupBuilder api)
    {
        api.MapLiveApi();
        api.MapAlarmAckApi();
    }
}
