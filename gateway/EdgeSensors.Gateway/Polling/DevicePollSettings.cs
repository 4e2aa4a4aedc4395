using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Polling;

/// <summary>What the pipeline needs to poll one device: its profile, unit, period, coalescing budget and published tags.</summary>
public sealed record DevicePollSettings
{
    /// <summary>The device's name in the site config; telemetry tags are "device/tag".</summary>
    public required string Name { get; init; }

    public required DeviceProfile Profile { get; init; }

    public required byte Unit { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Unmapped registers one read may span to save a request (0: never read an address the profile does not map).</summary>
    public int GapBudget { get; init; }

    /// <summary>The published tags; the tags they depend on (decimals, unit codes, status) are read as well.</summary>
    public required IReadOnlyList<TagPollSettings> Tags { get; init; }

    /// <summary>Consecutive failed polls after which a tag is reported stale (its last good value repeated). Default 1.</summary>
    public int StaleAfterMisses { get; init; } = 1;

    /// <summary>Consecutive failed polls after which a tag is reported as a communication failure, with no value. Default 3.</summary>
    public int CommFailureAfterMisses { get; init; } = 3;
}
