using EdgeSensors.Gateway.Upstream;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>The upstream MQTT broker and how to log in to it (the 'upstream:' section).</summary>
public sealed record UpstreamConfig
{
    /// <summary>mqtt://host:port or mqtts://host:port, the port always filled in.</summary>
    public required Uri Broker { get; init; }

    public string Host => Broker.Host;

    public int Port => Broker.Port;

    public bool UseTls => Broker.Scheme == "mqtts";

    /// <summary>"mqtts://broker.example.com:8883".</summary>
    public string BrokerText => $"{Broker.Scheme}://{Broker.Authority}";

    public required string ClientId { get; init; }

    public string? Username { get; init; }

    /// <summary>The password written in the file; prefer <see cref="PasswordFile"/>.</summary>
    public string? Password { get; init; }

    /// <summary>A file whose first line is the password (absolute path).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Certificates for mqtts; null uses the system's trusted CAs and no client certificate.</summary>
    public TlsConfig? Tls { get; init; }

    /// <summary>
    /// The file holding the per-device config key (absolute path); null when the gateway takes no config from the fleet
    /// server. Set, it subscribes to {prefix}/{gateway}/config (Configuration/Remote/).
    /// </summary>
    public string? ConfigKeyFile { get; init; }

    /// <summary>"5" or "3.1.1".</summary>
    public required string ProtocolVersion { get; init; }

    /// <summary>First topic level(s), e.g. "edgesensors" in edgesensors/&lt;gateway&gt;/...</summary>
    public required string TopicPrefix { get; init; }

    public required TimeSpan KeepAlive { get; init; }

    /// <summary>The MQTT client's settings; reads <see cref="PasswordFile"/> now when one is set.</summary>
    public MqttUpstreamSettings ToUpstreamSettings() => new()
    {
        Broker = Broker,
        ClientId = ClientId,
        Username = Username,
        Password = PasswordFile is null ? Password : ReadPassword(PasswordFile),
        CaFile = Tls?.CaFile,
        ClientCertFile = Tls?.CertFile,
        ClientKeyFile = Tls?.KeyFile,
        ProtocolVersion = ProtocolVersion,
        KeepAlive = KeepAlive,
    };

    private static string ReadPassword(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine()?.TrimEnd('\r') ?? string.Empty;
    }
}

/// <summary>Absolute paths of PEM files for mqtts.</summary>
public sealed record TlsConfig(string? CaFile, string? CertFile, string? KeyFile);
