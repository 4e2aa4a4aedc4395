namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>
/// The simulator's clock for a test that must move the process on demand: it ticks with real time (so values change
/// and the gateway has readings to queue) and <see cref="Advance"/> jumps it ahead, thread-safely.
/// </summary>
internal sealed class TickingClock : TimeProvider
{
    private readonly long _startTicks = DateTimeOffset.UtcNow.UtcTicks;
    private readonly long _realStart = Environment.TickCount64;
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() =>
        new(_startTicks + ((Environment.TickCount64 - _realStart) * TimeSpan.TicksPerMillisecond) + Interlocked.Read(ref _offsetTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
