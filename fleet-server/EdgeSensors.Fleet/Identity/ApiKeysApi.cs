using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Identity;

public sealed record CreateApiKeyRequest(string Name, FleetRole Role, DateTime? ExpiresAt = null);

/// <summary>The new key: <c>token</c> is shown only here, send it as <c>Authorization: Bearer {token}</c>.</summary>
public sealed record CreatedApiKey(string Token, ApiKeyView Key);

/// <summary>/api/api-keys: keys for automation (admins only).</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Permissions.ApiKeysManage);
        keys.MapGet("/", List);
        keys.MapPost("/", Create);
        keys.MapDelete("/{keyId:guid}", Revoke);
        return api;
    }

    public static async Task<Ok<List<ApiKeyView>>> List(FleetDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.ApiKeys.AsNoTracking().OrderBy(k => k.Name).ToListAsync(cancellationToken)).Select(ApiKeyView.Of).ToList());

    public static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> Create(CreateApiKeyRequest request, HttpContext http,
        FleetDbContext db, Accounts accounts, CurrentTenant tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator().Name("name", request.Name);
        validator.Check(Enum.IsDefined(request.Role), "role", "One of: admin, engineer, technician, viewer.");
        var expires = request.ExpiresAt is { } at ? FleetTime.Truncate(AsUtc(at)) : (DateTime?)null;
        validator.Check(expires is null || expires > time.GetUtcNow().UtcDateTime, "expiresAt", "In the future (UTC), or left out for no expiry.");
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        if (await db.ApiKeys.AnyAsync(k => k.Name == request.Name, cancellationToken))
        {
            return ApiProblems.Conflict("The API key name is taken.", $"Your tenant already has a key named '{request.Name}'.");
        }

        var (key, token) = await accounts.CreateApiKeyAsync(tenant.TenantId!.Value, request.Name, request.Role, expires,
            FleetClaims.ActorOf(http.User), cancellationToken);
        return TypedResults.Created($"/api/api-keys/{key.Id}", new CreatedApiKey(token, ApiKeyView.Of(key)));
    }

    /// <summary>A time without an offset is read as UTC, like every time in this API; one with an offset is converted.</summary>
    private static DateTime AsUtc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc),
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => at,
    };

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid keyId, FleetDbContext db, AuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return ApiProblems.NotFound("API key", keyId);
        }

        if (key.RevokedAt is null)
        {
            var before = ApiKeyView.Of(key);
            key.RevokedAt = time.UtcNow();
            audit.Record("apikey.revoke", "apikey", key.Id, before, ApiKeyView.Of(key));
            await audit.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
