namespace EdgeSensors.Fleet.Broker;

/// <summary>Which broker the fleet server's devices use.</summary>
public enum BrokerMode
{
    /// <summary>MQTTnet's broker inside the fleet server: zero setup (the default).</summary>
    Embedded,

    /// <summary>Mosquitto with the dynamic security plugin, managed over $CONTROL/dynamic-security/v1.</summary>
    External,
}

/// <summary>The "Broker" configuration section (docs/enrolment.md lists every key).</summary>
public sealed class FleetBrokerOptions
{
    public const string Section = "Fleet:Broker";

    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>First topic level(s) of every device topic: {prefix}/{device id}/telemetry.</summary>
    public string TopicPrefix { get; set; } = "edgesensors";

    /// <summary>Embedded: the address the broker listens on.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Embedded: the TCP port the broker listens on (0 picks a free one, for tests).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>External: Mosquitto's host, as the fleet server reaches it.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>What devices are told at enrolment: the broker's host name as they reach it (default: the request's host).</summary>
    public string? PublicHost { get; set; }

    /// <summary>What devices are told at enrolment: the port (default: <see cref="Port"/>).</summary>
    public int? PublicPort { get; set; }

    /// <summary>Devices connect with TLS (mqtts); the broker's TLS listener is configured outside this section.</summary>
    public bool PublicTls { get; set; }

    /// <summary>User name of the fleet server's own MQTT clients (consumers, config publisher).</summary>
    public string InternalUsername { get; set; } = "fleet-server";

    /// <summary>
    /// Password of the fleet server's own clients. Embedded: a random one is made at start when unset. External: the
    /// password of a Mosquitto client with the admin role (dynamic security control plus every device topic).
    /// </summary>
    public string? InternalPassword { get; set; }

    /// <summary>The shared-subscription group of the telemetry consumers ($share/{group}/...).</summary>
    public string ConsumerGroup { get; set; } = "fleet";

    /// <summary>Embedded: false turns the plain (unencrypted) listener off, so devices and the server's own clients use TLS only.</summary>
    public bool PlainEnabled { get; set; } = true;

    /// <summary>Embedded: the TLS (mqtts) port, usually 8883; unset: no TLS listener; 0 picks a free one (tests).</summary>
    public int? TlsPort { get; set; }

    /// <summary>Embedded TLS: the server certificate, a PKCS#12 file (.pfx/.p12, with its key) or a PEM certificate (chain) file.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>Embedded TLS: the PEM private key file when <see cref="TlsCertificatePath"/> is PEM without the key.</summary>
    public string? TlsPrivateKeyPath { get; set; }

    /// <summary>Embedded TLS: the password of a PKCS#12 file, or of an encrypted PEM key.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>
    /// Embedded broker: messages it may queue for one client before dropping the oldest (MQTTnet's default is 250). The
    /// server's consumer is one client that receives what every device publishes, so a rollout's reports arrive as a
    /// burst of one per device: with 250, 777 of 2,000 reports were dropped. Default 100,000.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;
}
