using EdgeSensors.Fleet.Broker.Embedded;

namespace EdgeSensors.Fleet.Broker;

/// <summary>What an enrolling device is told about the broker: host, port, TLS and topic prefix.</summary>
public sealed class BrokerEndpointInfo(FleetBrokerOptions options, IServiceProvider services)
{
    /// <param name="requestHost">The host the device used to reach this server (its Host header), the default broker host.</param>
    public (string Host, int Port, bool Tls, string TopicPrefix) ForDevices(string requestHost)
    {
        if (options.Mode != BrokerMode.Embedded)
        {
            return (options.PublicHost ?? requestHost, options.PublicPort ?? options.Port, options.PublicTls, options.TopicPrefix);
        }

        // Embedded with its own TLS listener: devices are sent there when PublicTls asks for it or the plain listener is off.
        var broker = services.GetRequiredService<EmbeddedFleetBroker>();
        bool tls = options.PublicTls || broker.Port == 0;
        int actualPort = tls && broker.TlsPort != 0 ? broker.TlsPort : broker.Port;
        return (options.PublicHost ?? requestHost, options.PublicPort ?? actualPort, tls, options.TopicPrefix);
    }
}
