namespace EdgeSensors.Gateway.Upstream;

/// <summary>
/// Exponential backoff with full jitter: the n-th retry waits a uniform random time in [min, min * 2^n] capped at max.
/// Jitter keeps a site's gateways from reconnecting in lockstep after a broker restart.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan min, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _attempt;

    public TimeSpan Next()
    {
        double ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        return TimeSpan.FromMilliseconds(min.TotalMilliseconds + (_random.NextDouble() * (ceiling - min.TotalMilliseconds)));
    }

    public void Reset() => _attempt = 0;
}
