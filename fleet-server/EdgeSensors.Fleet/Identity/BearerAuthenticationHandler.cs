using System.Security.Claims;
using System.Text.Encodings.Web;
using EdgeSensors.Fleet.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Identity;

/// <summary>
/// Accepts "Authorization: Bearer essn_..." (a session from sign-in) or "Bearer esak_..." (an API key), looks the
/// token's hash up in the database and sets the scope's tenant and actor. No state lives in the process.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FleetDbContext db,
    CurrentTenant tenant,
    Caller caller,
    FailedTokenLimiter failedTokens,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    // Set when the caller's address has used up its failed tokens: the challenge then answers 429 instead of 401.
    private const string RefusedFor = "EdgeSensors.Fleet.FailedTokens.RetryAfter";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (failedTokens.RetryAfter(address) is { } wait)
        {
            Context.Items[RefusedFor] = wait;
            return AuthenticateResult.Fail($"Too many unknown bearer tokens from {address}; retry in {Seconds(wait)} s.");
        }

        var token = header["Bearer ".Length..].Trim();
        var hash = BearerTokens.Hash(token);
        var now = time.UtcNow();
        Guid tenantId;
        FleetRole role;
        string actor;
        string? sessionId = null;
        if (token.StartsWith(BearerTokens.SessionPrefix, StringComparison.Ordinal))
        {
            var session = await db.Sessions.IgnoreQueryFilters()
                .Where(s => s.TokenHash == hash && s.RevokedAt == null && s.ExpiresAt > now)
                .Join(db.Users.IgnoreQueryFilters().Where(u => !u.Disabled), s => s.UserId, u => u.Id,
                    (s, u) => new { s.Id, u.TenantId, u.Role, u.UserName })
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (session is null)
            {
                failedTokens.RecordFailure(address);
                return AuthenticateResult.Fail("The session token is unknown, expired or revoked; sign in again.");
            }

            (tenantId, role, actor, sessionId) = (session.TenantId, session.Role, "user:" + session.UserName, session.Id.ToString());
        }
        else if (token.StartsWith(BearerTokens.ApiKeyPrefix, StringComparison.Ordinal))
        {
            var key = await db.ApiKeys.IgnoreQueryFilters()
                .Where(k => k.SecretHash == hash && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now))
                .Select(k => new { k.TenantId, k.Role, k.Name })
                .FirstOrDefaultAsync(Context.RequestAborted);
            if (key is null)
            {
                failedTokens.RecordFailure(address);
                return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
            }

            (tenantId, role, actor) = (key.TenantId, key.Role, "apikey:" + key.Name);
        }
        else
        {
            failedTokens.RecordFailure(address);
            return AuthenticateResult.Fail("The bearer token is neither a session (essn_) nor an API key (esak_).");
        }

        tenant.Set(tenantId);
        caller.Set(actor);
        List<Claim> claims =
        [
            new(ClaimTypes.Name, actor),
            new(FleetClaims.Actor, actor),
            new(FleetClaims.Tenant, tenantId.ToString()),
            new(FleetClaims.Role, role.ToString()),
        ];
        if (sessionId is not null)
        {
            claims.Add(new Claim(FleetClaims.Session, sessionId));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RefusedFor] is not TimeSpan wait)
        {
            await base.HandleChallengeAsync(properties);
            return;
        }

        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many unknown bearer tokens.",
                Detail = $"More than {failedTokens.Permits} bearer tokens from this address matched no session or API key within 60 s " +
                    $"(Fleet:Api:FailedTokenPermitsPerMinute, per server instance); retry in {Seconds(wait)} s with a valid token.",
            },
        });
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
