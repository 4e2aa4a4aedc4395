namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// The server's TimeProvider for tests that need days to pass: the system clock plus an offset the test moves forward.
/// Timers and delays stay real (the live writer's 250 ms flush keeps working); only "now" jumps.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
