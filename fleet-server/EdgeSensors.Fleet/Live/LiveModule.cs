using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Live.Ack;
using EdgeSensors.Fleet.Live.Api;
using EdgeSensors.Fleet.Live.Gaps;
using EdgeSensors.Fleet.Live.History;
using EdgeSensors.Fleet.Live.Ingest;

namespace EdgeSensors.Fleet.Live;

/// <summary>
/// Wires Live/ into the server: the handler of telemetry and alarm messages, the batching writer, the read API
/// the dashboard polls, acknowledging alarms (Ack/: a command to the device over the server's broker connection) and
/// the alarm history (History/: every alarm event kept at least 30 days, pruned by age) and the sequence gaps per device
/// (Gaps/: which seqs of its telemetry and alarms never arrived). Storage is the database, so several instances serve the same live state.
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

        // A retention below the record-keeping minimum stops the server at start, with the key and the fix.
        var history = builder.Configuration.GetSection(HistoryOptions.Section).Get<HistoryOptions>() ?? new HistoryOptions();
        history.Validate();
        services.AddSingleton(history);
        services.AddSingleton<AlarmHistoryPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmHistoryPruner>());
    }

    public static void MapLive(this RouteGroupBuilder api)
    {
        api.MapLiveApi();
        api.MapAlarmAckApi();
        api.MapAlarmHistoryApi();
        api.MapSeqGapsApi();
    }
}
