namespace EdgeSensors.Node.Config;

/// <summary>One RS-485 instrument: its Modbus unit, how often and how patiently it is polled, and its tags.</summary>
public sealed class DeviceConfig
{
    public const long DefaultPollIntervalMs = 1000;

    public const int DefaultTimeoutMs = 300;

    public const int DefaultRetries = 2;

    public DeviceConfig(string name, byte unit, TagConfig[] tags)
    {
        Name = name;
        Unit = unit;
        Tags = tags;
    }

    /// <summary>The device's name; its tags are published as "name/tag".</summary>
    public string Name { get; }

    /// <summary>Modbus unit (slave) address, 1-247.</summary>
    public byte Unit { get; }

    public TagConfig[] Tags { get; }

    /// <summary>Time between the starts of two polls of this device, in ms.</summary>
    public long PollIntervalMs { get; set; } = DefaultPollIntervalMs;

    /// <summary>How long one request waits for its response, in ms.</summary>
    public int TimeoutMs { get; set; } = DefaultTimeoutMs;

    /// <summary>Extra attempts after a failed request (timeout, CRC or frame error); exception responses are not retried.</summary>
    public int Retries { get; set; } = DefaultRetries;
}
