using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Identity.SignInLimits;

/// <summary>
/// Sign-in and enrolment rate limits over a sliding 60 s window, per client address (and per user name for sign-in),
/// counted in the database so that every instance on it shares one limit. An attempt is written first and counted
/// after (its own row included): of two attempts racing on two instances, the later one to commit sees the earlier one,
/// so together they never get past the limit. A refused attempt's rows are removed again, so hammering does not extend
/// the wait. Enrolment is counted apart from sign-in, so a technician signing in does not use up a device's enrolment.
/// </summary>
public sealed class SignInLimiter(FleetDbContext db, TimeProvider time, IOptions<ApiOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Null when the sign-in attempt may go ahead; else the refusal (which limit, and when to retry).</summary>
    public Task<SignInRefusal?> TryAcquireAsync(string? clientAddress, string userName, CancellationToken cancellationToken)
    {
        string userKey = "user:" + userName.ToLowerInvariant();
        if (userKey.Length > Limits.Name + 8)
        {
            userKey = userKey[..(Limits.Name + 8)];
        }

        var limits = options.Value;
        return AcquireAsync(
            [
                new LimitedKey("ip:" + (clientAddress ?? "unknown"), limits.SignInPermitsPerMinute, "Fleet:Api:SignInPermitsPerMinute", "sign-in attempts per minute from one address"),
                new LimitedKey(userKey, limits.SignInPermitsPerUserPerMinute, "Fleet:Api:SignInPermitsPerUserPerMinute", "sign-in attempts per minute for one user name"),
            ],
            cancellationToken);
    }

    /// <summary>Null when the enrolment attempt (POST /api/enrol) may go ahead; else the refusal.</summary>
    public Task<SignInRefusal?> TryAcquireEnrolmentAsync(string? clientAddress, CancellationToken cancellationToken) =>
        AcquireAsync(
            [
                new LimitedKey("enrol:" + (clientAddress ?? "unknown"), options.Value.SignInPermitsPerMinute, "Fleet:Api:SignInPermitsPerMinute", "enrolment attempts per minute from one address"),
            ],
            cancellationToken);

    private async Task<SignInRefusal?> AcquireAsync(LimitedKey[] keys, CancellationToken cancellationToken)
    {
        var now = time.UtcNow();
        var cutoff = now - Window;
        var attempts = db.Set<SignInAttempt>();
        await attempts.Where(a => a.At <= cutoff).ExecuteDeleteAsync(cancellationToken);

        var mine = keys.Select(k => new SignInAttempt { Id = Guid.NewGuid(), Key = k.Key, At = now }).ToArray();
        attempts.AddRange(mine);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var key in keys)
        {
            var inWindow = await attempts.AsNoTracking().Where(a => a.Key == key.Key && a.At > cutoff).OrderBy(a => a.At).Select(a => a.At).ToListAsync(cancellationToken);
            if (inWindow.Count <= key.Limit)
            {
                continue;
            }

            attempts.RemoveRange(mine);
            await db.SaveChangesAsync(cancellationToken);

            // The attempt that must leave the window before another fits: the oldest one past the limit's count.
            var freesAt = inWindow[Math.Max(0, inWindow.Count - 1 - key.Limit)] + Window;
            var retryAfter = Math.Max(1, (int)Math.Ceiling((freesAt - now).TotalSeconds));
            return new SignInRefusal(retryAfter, $"At most {key.Limit} {key.What} ({key.Setting}), counted across all server instances; retry in {retryAfter} s.");
        }

        return null;
    }

    private sealed record LimitedKey(string Key, int Limit, string Setting, string What);
}

/// <summary>Why a sign-in was refused with 429: the wait in seconds (Retry-After) and the limit that was hit.</summary>
public sealed record SignInRefusal(int RetryAfterSeconds, string Detail);
