namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Wall clock and timestamps that move only when the test says so (ages and the backfill token bucket).</summary>
internal sealed class StoreClock : TimeProvider
{
    private long _ticks;
    private readonly DateTimeOffset _start;

    public StoreClock(DateTimeOffset? start = null)
    {
        _start = start ?? new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _ticks));

    public long NowMs => GetUtcNow().ToUnixTimeMilliseconds();

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
