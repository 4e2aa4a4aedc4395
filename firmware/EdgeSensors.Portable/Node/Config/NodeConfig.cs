namespace EdgeSensors.Node.Config;

/// <summary>
/// One node's whole configuration, as parsed from its config document (<see cref="NodeConfigParser"/>). Immutable once
/// built: a new document becomes a new object, swapped in only when it is valid.
/// </summary>
public sealed class NodeConfig
{
    /// <summary>Readings kept in RAM when none is given (see docs/firmware.md for the memory budget).</summary>
    public const int DefaultBufferCapacity = 256;

    /// <summary>Alarm events kept in RAM when none is given.</summary>
    public const int DefaultAlarmBufferCapacity = 32;

    /// <summary>Readings per telemetry message when none is given.</summary>
    public const int DefaultBatchSize = 20;

    public const int MaxBufferCapacity = 8192;

    public const int MaxAlarmBufferCapacity = 1024;

    public const long DefaultStatusIntervalMs = 10000;

    public NodeConfig(string nodeId, string prefix, DeviceConfig[] devices, OutputConfig[] outputs)
    {
        NodeId = nodeId;
        Prefix = prefix;
        Devices = devices;
        Outputs = outputs;
    }

    /// <summary>The node's id: the second topic level and the telemetry "source".</summary>
    public string NodeId { get; }

    /// <summary>MQTT topic prefix, "edgesensors" unless configured.</summary>
    public string Prefix { get; }

    public DeviceConfig[] Devices { get; }

    public OutputConfig[] Outputs { get; }

    /// <summary>Unsent readings kept in RAM (and in flash when <see cref="Flash"/> is on).</summary>
    public int BufferCapacity { get; set; } = DefaultBufferCapacity;

    /// <summary>Unsent alarm events kept in RAM; they are sent before any reading.</summary>
    public int AlarmBufferCapacity { get; set; } = DefaultAlarmBufferCapacity;

    /// <summary>Readings per telemetry message.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Whether unsent readings and the seq reservation are kept on the flash file system.</summary>
    public bool Flash { get; set; }

    /// <summary>Period of the retained status message, in ms.</summary>
    public long StatusIntervalMs { get; set; } = DefaultStatusIntervalMs;

    /// <summary>The config revision from the signed envelope; 0 for the boot config that shipped with the image.</summary>
    public int Revision { get; set; }

    /// <summary>Hex SHA-256 of the config document, as reported on config/reported; "" for the boot config.</summary>
    public string BodySha256Hex { get; set; } = "";

    /// <summary>Tags over all devices.</summary>
    public int TagCount
    {
        get
        {
            int count = 0;
            for (int d = 0; d < Devices.Length; d++)
            {
                count += Devices[d].Tags.Length;
            }

            return count;
        }
    }
}
