namespace EdgeSensors.Gateway.Polling;

/// <summary>
/// One tag's outcome of one poll, before report-by-exception. <see cref="Value"/> is NaN when there is no value
/// (communication failure, or a fault that reported NaN).
/// </summary>
public sealed record TagSample(
    string Device,
    string Tag,
    double Value,
    string? Unit,
    TagQuality Quality,
    long AcquiredAtMs,
    string? Detail)
{
    /// <summary>"device/tag", the name telemetry and alarms use.</summary>
    public string Path => Device + "/" + Tag;
}

/// <summary>Everything one device poll produced: a sample per published tag and the read failures behind any gaps.</summary>
public sealed record DevicePollResult(string Device, long PolledAtMs, IReadOnlyList<TagSample> Samples, IReadOnlyList<string> Failures);
