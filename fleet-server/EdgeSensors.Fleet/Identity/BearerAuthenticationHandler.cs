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
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
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
                return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
            }

            (tenantId, role, actor) = (key.TenantId, key.Role, "apikey:" + key.Name);
        }
        else
        {
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
}
