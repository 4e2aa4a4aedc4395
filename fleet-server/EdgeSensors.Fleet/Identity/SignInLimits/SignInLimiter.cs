using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Identity.SignInLimits;

/// <summary>
/// Sign-in rate limit over a sliding 60 s window, per client address and per user name, counted in the database so
/// that every instance on it shares one limit. An attempt is written first and counted after (its own row included):
/// of two attempts racing on two instances, the later one to commit sees the earlier one, so together they never get
/// past the limit. A refused attempt's rows are removed again, so hammering does not extend the wait.
/// </summary>
public sealed class SignInLimiter(FleetDbContext db, TimeProvider time, IOptions<ApiOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Null when the attempt may go ahead; else the refusal (which limit, and when to retry).</summary>
    public async Task<SignInRefusal?> TryAcquireAsync(string? clientAddress, string userName, CancellationToken cancellationToken)
    {
        var now = time.UtcNow();
        var cutoff = now - Window;
        var attempts = db.Set<SignInAttempt>();
        await attempts.Where(a => a.At <= cutoff).ExecuteDeleteAsync(cancellationToken);

        string ipKey = "ip:" + (clientAddress ?? "unknown");
        string userKey = "user:" + userName.ToLowerInvariant();
        if (userKey.Length > Limits.Name + 8)
        {
            userKey = userKey[..(Limits.Name + 8)];
        }

        var mine = new[] { new SignInAttempt { Id = Guid.NewGuid(), Key = ipKey, At = now }, new SignInAttempt { Id = Guid.NewGuid(), Key = userKey, At = now } };
        attempts.AddRange(mine);
        await db.SaveChangesAsync(cancellationToken);

        var limits = options.Value;
        foreach (var (key, limit, setting) in new[]
                 {
                     (ipKey, limits.SignInPermitsPerMinute, "Fleet:Api:SignInPermitsPerMinute"),
                     (userKey, limits.SignInPermitsPerUserPerMinute, "Fleet:Api:SignInPermitsPerUserPerMinute"),
                 })
        {
            var inWindow = await attempts.AsNoTracking().Where(a => a.Key == key && a.At > cutoff).OrderBy(a => a.At).Select(a => a.At).ToListAsync(cancellationToken);
            if (inWindow.Count <= limit)
            {
                continue;
            }

            attempts.RemoveRange(mine);
            await db.SaveChangesAsync(cancellationToken);

            // The attempt that must leave the window before another fits: the oldest one past the limit's count.
            var freesAt = inWindow[Math.Max(0, inWindow.Count - 1 - limit)] + Window;
            var retryAfter = Math.Max(1, (int)Math.Ceiling((freesAt - now).TotalSeconds));
            var who = key.StartsWith("ip:", StringComparison.Ordinal) ? "one address" : "one user name";
            return new SignInRefusal(retryAfter, $"At most {limit} sign-in attempts per minute from {who} ({setting}), counted across all server instances; retry in {retryAfter} s.");
        }

        return null;
    }
}

/// <summary>Why a sign-in was refused with 429: the wait in seconds (Retry-After) and the limit that was hit.</summary>
public sealed record SignInRefusal(int RetryAfterSeconds, string Detail);
