using System.Threading.RateLimiting;
using EdgeSensors.Fleet.Api;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Identity;

/// <summary>
/// Rate limit on bearer tokens that match no live session or API key, per client address and per server instance:
/// past <see cref="ApiOptions.FailedTokenPermitsPerMinute"/> failures in a 60 s window, every bearer request from that
/// address is refused with 429 before any lookup, until the window ends. Tokens carry 256 random bits, so this is
/// not what keeps them from being guessed; it keeps a client that tries many (or a broken script) from costing a
/// database lookup per attempt.
/// </summary>
public sealed class FailedTokenLimiter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _failures;

    public FailedTokenLimiter(IOptions<ApiOptions> options)
    {
        Permits = options.Value.FailedTokenPermitsPerMinute;
        int permits = Permits;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>Failed tokens allowed per address in a window.</summary>
    public int Permits { get; }

    /// <summary>How long <paramref name="address"/> must wait when it has used up its failures; null when it may go ahead.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        // Asking for 0 permits reports the window's state without using any.
        using var lease = _failures.AttemptAcquire(address, 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    /// <summary>Counts one token from <paramref name="address"/> that matched nothing.</summary>
    public void RecordFailure(string address)
    {
        using var lease = _failures.AttemptAcquire(address, 1);
    }

    public void Dispose() => _failures.Dispose();
}
