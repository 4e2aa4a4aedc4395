using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Audit;

/// <summary>An audit entry as the API shows it; before/after are the JSON views of the changed item.</summary>
public sealed record AuditEntryView(long Sequence, DateTime At, string Actor, string Action, string EntityType, string EntityId,
    string? Before, string? After, string PrevHash, string Hash)
{
    public static AuditEntryView Of(AuditEntry a) => new(a.Sequence, a.At, a.Actor, a.Action, a.EntityType, a.EntityId, a.Before, a.After, a.PrevHash, a.Hash);
}

/// <summary>/api/audit: the tenant's change log, and a check of its hash chain.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", List).RequireAuthorization(Permissions.AuditRead);
        audit.MapPost("/verify", Verify).RequireAuthorization(Permissions.AuditVerify);
        return api;
    }

    /// <summary>Entries in sequence order; filters <c>entityType</c>, <c>entityId</c>, <c>afterSequence</c>; <c>limit</c> 1-1000 (default 100).</summary>
    public static async Task<Results<Ok<List<AuditEntryView>>, ProblemHttpResult>> List(string? entityType, string? entityId, long? afterSequence,
        int? limit, FleetDbContext db, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (new RequestValidator().Check(take is >= 1 and <= 1000, "limit", "Between 1 and 1000.").Problem is { } problem)
        {
            return problem;
        }

        var entries = db.AuditEntries.AsNoTracking();
        if (entityType is not null)
        {
            entries = entries.Where(a => a.EntityType == entityType);
        }

        if (entityId is not null)
        {
            entries = entries.Where(a => a.EntityId == entityId);
        }

        if (afterSequence is { } after)
        {
            entries = entries.Where(a => a.Sequence > after);
        }

        var page = await entries.OrderBy(a => a.Sequence).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(AuditEntryView.Of).ToList());
    }

    public static async Task<Ok<AuditVerification>> Verify(FleetDbContext db, CurrentTenant tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AuditVerifier.VerifyAsync(db, tenant.TenantId!.Value, cancellationToken));
}
