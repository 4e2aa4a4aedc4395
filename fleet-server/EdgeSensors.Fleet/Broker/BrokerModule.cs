using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Broker.Mosquitto;

namespace EdgeSensors.Fleet.Broker;

/// <summary>Registers the MQTT side by Fleet:Broker:Mode: the embedded broker or Mosquitto control, then the consumer.</summary>
internal static class BrokerModule
{
    public static void AddFleetBroker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(FleetBrokerOptions.Section).Get<FleetBrokerOptions>() ?? new FleetBrokerOptions();
        services.AddSingleton(options);
        services.AddSingleton<InternalCredential>();
        services.AddScoped<IDeviceAuthenticator, RegistryDeviceAuthenticator>();
        if (options.Mode == BrokerMode.Embedded)
        {
            services.AddSingleton<EmbeddedFleetBroker>();
            services.AddSingleton<IDeviceAccessControl>(sp => sp.GetRequiredService<EmbeddedFleetBroker>());
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedFleetBroker>());
        }
        else
        {
            services.AddSingleton<MosquittoDeviceAccess>();
            services.AddSingleton<IDeviceAccessControl>(sp => sp.GetRequiredService<MosquittoDeviceAccess>());
            services.AddHostedService(sp => sp.GetRequiredService<MosquittoDeviceAccess>());
        }

        services.AddSingleton<DeviceActivityWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceActivityWriter>());
        services.AddSingleton<LastSeenHandler.Throttle>();
        services.AddScoped<IDeviceMessageHandler, LastSeenHandler>();
        services.AddHostedService<FleetConsumerService>();
    }
}
