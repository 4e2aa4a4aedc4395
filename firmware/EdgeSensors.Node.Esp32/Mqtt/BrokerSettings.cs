namespace EdgeSensors.Node.Esp32.Mqtt;

/// <summary>Where and how the node connects: from the device settings file (see DeviceSettings).</summary>
public sealed class BrokerSettings
{
    public BrokerSettings(string host, int port, string clientId, string userName, string password, byte[]? caCertificatePem)
    {
        Host = host;
        Port = port;
        ClientId = clientId;
        UserName = userName;
        Password = password;
        CaCertificatePem = caCertificatePem;
    }

    public string Host { get; }

    /// <summary>TCP port; 8883 is MQTT over TLS.</summary>
    public int Port { get; }

    public string ClientId { get; }

    public string UserName { get; }

    public string Password { get; }

    /// <summary>The CA that signed the broker's certificate (PEM bytes); null only for a lab broker without TLS.</summary>
    public byte[]? CaCertificatePem { get; }

    /// <summary>MQTT keep-alive, in s: a dead link is noticed within 1.5 times this.</summary>
    public ushort KeepAliveSeconds { get; set; } = 30;
}
