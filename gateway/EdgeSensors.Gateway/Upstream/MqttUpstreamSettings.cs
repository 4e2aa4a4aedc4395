namespace EdgeSensors.Gateway.Upstream;

/// <summary>How the gateway reaches its broker. Every key is documented in docs/configuration.md (upstream: section).</summary>
public sealed record MqttUpstreamSettings
{
    /// <summary>mqtt://host[:1883] or mqtts://host[:8883] (TLS).</summary>
    public required Uri Broker { get; init; }

    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM file of the CA that signed the broker's certificate; null trusts the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate for mutual TLS (with <see cref="ClientKeyFile"/>); null sends none.</summary>
    public string? ClientCertFile { get; init; }

    public string? ClientKeyFile { get; init; }

    /// <summary>"5" (default) or "3.1.1".</summary>
    public string ProtocolVersion { get; init; } = "5";

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay; it doubles up to <see cref="ReconnectMax"/>, with full jitter.</summary>
    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one QoS 1 publish may wait for its PUBACK before it counts as failed (and is retried later).</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool UsesTls => string.Equals(Broker.Scheme, "mqtts", StringComparison.OrdinalIgnoreCase);

    public int Port => Broker.IsDefaultPort || Broker.Port <= 0 ? (UsesTls ? 8883 : 1883) : Broker.Port;
}
