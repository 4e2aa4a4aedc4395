namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>The upstream MQTT broker and how to log in to it.</summary>
public sealed record MqttConfig
{
    /// <summary>mqtt://host[:1883] or mqtts://host[:8883].</summary>
    public required Uri Broker { get; init; }

    public string Host => Broker.Host;

    public int Port => Broker.Port;

    public bool UseTls => Broker.Scheme == "mqtts";

    /// <summary>"mqtts://broker.example.com:8883", always with the port.</summary>
    public string BrokerText => $"{Broker.Scheme}://{Broker.Authority}";

    public required string ClientId { get; init; }

    public string? Username { get; init; }

    /// <summary>The password written in the file; prefer <see cref="PasswordFile"/>.</summary>
    public string? Password { get; init; }

    /// <summary>A file whose first line is the password (absolute path).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Certificates for mqtts; null uses the system's trusted CAs and no client certificate.</summary>
    public TlsConfig? Tls { get; init; }

    public required MqttProtocol Protocol { get; init; }

    /// <summary>First topic level, e.g. "edgesensors" in edgesensors/&lt;gateway&gt;/...</summary>
    public required string TopicPrefix { get; init; }

    public required TimeSpan KeepAlive { get; init; }
}

/// <summary>Absolute paths of PEM files for mqtts.</summary>
public sealed record TlsConfig(string? CaFile, string? CertFile, string? KeyFile);

public enum MqttProtocol
{
    V500,
    V311,
}
