namespace EdgeSensors.Interop.Tests.Support;

/// <summary>
/// A clock that moves only when the test says so: the simulated farm then serves the same registers to every read
/// until the test advances it, so two peers' readings of one moment can be compared.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
