using EdgeSensors.Fleet.Configs.Delivery;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// The MQTT side of config delivery: the channel that publishes sealed configs through the active broker, and the
/// consumer handlers that record config reports and device activity (telemetry, status heartbeat).
/// </summary>
internal static class ConfigDeliveryModule
{
    public static void AddBrokerConfigDelivery(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<BrokerConfigChannel>();
        services.AddSingleton<IConfigChannel>(sp => sp.GetRequiredService<BrokerConfigChannel>());
        services.AddSingleton<ConfigReportWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigReportWriter>());
        services.AddScoped<IDeviceMessageHandler, ConfigReportHandler>();
        services.AddSingleton<DeviceActivityHandler.Throttle>();
        services.AddScoped<IDeviceMessageHandler, DeviceActivityHandler>();
    }
}
