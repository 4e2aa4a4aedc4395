namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>How a <see cref="ModbusBus"/> times out, retries and isolates dead units.</summary>
public sealed record BusOptions
{
    /// <summary>How long one frame may wait for its response.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Extra attempts after a failed one (timeout, CRC or frame error, dropped link). Exception responses are not retried.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Wait before the first retry; doubles for each further retry.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consecutive timeouts after which a unit is isolated: its requests fail fast until the next probe.</summary>
    public int IsolateAfterConsecutiveTimeouts { get; init; } = 3;

    /// <summary>Time until the first probe of an isolated unit; doubles after each failed probe up to <see cref="MaxIsolationBackoff"/>.</summary>
    public TimeSpan IsolationBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxIsolationBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock isolation is timed by; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfNegative(Retries, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(IsolateAfterConsecutiveTimeouts, 1, nameof(IsolateAfterConsecutiveTimeouts));
        ArgumentOutOfRangeException.ThrowIfLessThan(IsolationBackoff, TimeSpan.Zero, nameof(IsolationBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIsolationBackoff, IsolationBackoff, nameof(MaxIsolationBackoff));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
