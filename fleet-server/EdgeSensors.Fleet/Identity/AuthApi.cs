using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity.SignInLimits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Identity;

public sealed record SignInRequest(string UserName, string Password);

/// <summary>A new session: send <c>Authorization: Bearer {token}</c> until <c>expiresAt</c>.</summary>
public sealed record SignInResponse(string Token, DateTime ExpiresAt, Guid TenantId, UserView User);

/// <summary>Who the caller is.</summary>
public sealed record MeView(string Actor, Guid TenantId, FleetRole Role, IReadOnlyList<string> Permissions);

/// <summary>/api/auth: sign in (rate-limited per address and per user, across instances: SignInLimits/), sign out, who am I.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/sign-in", SignIn).AllowAnonymous();
        auth.MapPost("/sign-out", SignOut);
        auth.MapGet("/me", Me);
        return api;
    }

    public static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> SignIn(SignInRequest request, FleetDbContext db,
        IPasswordHasher<User> hasher, TimeProvider time, IOptions<AuthOptions> options, SignInLimiter limiter, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (new RequestValidator().Name("userName", request.UserName).Check(request.Password.Length is > 0 and <= 1024, "password",
                "Required, at most 1024 characters.").Problem is { } problem)
        {
            return problem;
        }

        if (await limiter.TryAcquireAsync(http.Connection.RemoteIpAddress?.ToString(), request.UserName, cancellationToken) is { } refusal)
        {
            http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts.", detail: refusal.Detail);
        }

        // Sign-in is the one lookup that crosses tenants: user names are unique across the server.
        var user = await db.Users.IgnoreQueryFilters().FirstOrDefaultAsync(u => u.UserName == request.UserName, cancellationToken);
        // An unknown or disabled user costs the same hash check, so response time does not tell which names exist.
        var verdict = hasher.VerifyHashedPassword(user ?? TimingDecoy, user?.PasswordHash ?? DecoyHash(hasher), request.Password);
        if (user is null || user.Disabled)
        {
            verdict = PasswordVerificationResult.Failed;
        }
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(statusCode: 401, title: "Sign-in failed.",
                detail: "The user name or password is wrong, or the user is disabled.");
        }

        var now = time.UtcNow();
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password);
        }

        var token = BearerTokens.New(BearerTokens.SessionPrefix);
        var session = new Session
        {
            Id = Guid.NewGuid(),
            TenantId = user.TenantId,
            UserId = user.Id,
            TokenHash = BearerTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = FleetTime.Truncate(now + options.Value.SessionLifetime),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SignInResponse(token, session.ExpiresAt, user.TenantId, UserView.Of(user)));
    }

    private static readonly User TimingDecoy = new() { UserName = "timing-decoy", PasswordHash = "" };
    private static string? _decoyHash;

    private static string DecoyHash(IPasswordHasher<User> hasher) =>
        _decoyHash ??= hasher.HashPassword(TimingDecoy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    public static async Task<Results<NoContent, ProblemHttpResult>> SignOut(HttpContext http, FleetDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (FleetClaims.SessionOf(http.User) is not { } sessionId)
        {
            return TypedResults.Problem(statusCode: 400, title: "Not a session.", detail: "API keys cannot sign out; revoke them with DELETE /api/api-keys/{id}.");
        }

        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is not null)
        {
            session.RevokedAt = time.UtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static Ok<MeView> Me(HttpContext http, CurrentTenant tenant)
    {
        var role = FleetClaims.RoleOf(http.User) ?? FleetRole.Viewer;
        return TypedResults.Ok(new MeView(FleetClaims.ActorOf(http.User), tenant.TenantId!.Value, role,
            [.. RolePermissions.All.Where(p => RolePermissions.Allows(role, p)).Order(StringComparer.Ordinal)]));
    }
}
