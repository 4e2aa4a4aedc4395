using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>The tenant's labels (its name is set with the admin CLI).</summary>
public sealed record TenantLabelsRequest(Dictionary<string, string> Labels);

/// <summary>/api/tenant: the caller's own tenant. Tenants are created with the admin CLI, never through the API.</summary>
public static class TenantApi
{
    public static RouteGroupBuilder MapTenantApi(this RouteGroupBuilder api)
    {
        var tenant = api.MapGroup("/tenant").WithTags("Tenant");
        tenant.MapGet("/", Get).RequireAuthorization(Permissions.RegistryRead);
        tenant.MapPut("/labels", ReplaceLabels).RequireAuthorization(Permissions.RegistryWrite);
        return api;
    }

    public static async Task<Results<Ok<TenantView>, ProblemHttpResult>> Get(FleetDbContext db, CurrentTenant current, CancellationToken cancellationToken)
    {
        var id = current.TenantId!.Value;
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tenant is null
            ? ApiProblems.NotFound("tenant", id)
            : TypedResults.Ok(new TenantView(tenant.Id, tenant.Name, await Labels.LoadAsync(db, tenant.Id, cancellationToken), tenant.CreatedAt));
    }

    public static async Task<Results<Ok<TenantView>, ProblemHttpResult>> ReplaceLabels(TenantLabelsRequest request, FleetDbContext db,
        CurrentTenant current, AuditLog audit, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        Labels.Validate(validator, "labels", request.Labels);
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var id = current.TenantId!.Value;
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tenant is null)
        {
            return ApiProblems.NotFound("tenant", id);
        }

        var before = new TenantView(tenant.Id, tenant.Name, await Labels.LoadAsync(db, tenant.Id, cancellationToken), tenant.CreatedAt);
        await Labels.ReplaceAsync(db, tenant.Id, LabelOwnerKind.Tenant, tenant.Id, request.Labels, cancellationToken);
        var after = before with { Labels = request.Labels };
        audit.Record("tenant.labels", "tenant", tenant.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(after);
    }
}
