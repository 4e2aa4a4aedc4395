using EdgeSensors.Fleet.Broker.Embedded;

namespace EdgeSensors.Fleet.Broker;

/// <summary>What an enrolling device is told about the broker: host, port, TLS and topic prefix.</summary>
public sealed class BrokerEndpointInfo(FleetBrokerOptions options, IServiceProvider services)
{
    /// <param name="requestHost">The host the device used to reach this server (its Host header), the default broker host.</param>
    public (string Host, int Port, bool Tls, string TopicPrefix) ForDevices(string requestHost)
    {
        int actualPort = options.Mode == BrokerMode.Embedded ? services.GetRequiredService<EmbeddedFleetBroker>().Port : options.Port;
        return (options.PublicHost ?? requestHost, options.PublicPort ?? actualPort, options.PublicTls, options.TopicPrefix);
    }
}
