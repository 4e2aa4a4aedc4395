using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>
/// An area or tank to create or replace. <c>overfillLevel</c> and <c>overfillLevelUnit</c> belong to tanks only and
/// come together; <c>siteId</c> cannot change after creation. <c>labels</c> null keeps the current labels on replace.
/// </summary>
public sealed record AreaRequest(Guid SiteId, string Name, AreaKind Kind, double? OverfillLevel = null, string? OverfillLevelUnit = null,
    Dictionary<string, string>? Labels = null);

/// <summary>/api/areas: areas and tanks of the tenant's sites.</summary>
public static class AreasApi
{
    /// <summary>Units an overfill level may be given in.</summary>
    public static readonly string[] LevelUnits = ["mm", "cm", "m", "in", "ft", "%"];

    public static RouteGroupBuilder MapAreasApi(this RouteGroupBuilder api)
    {
        var areas = api.MapGroup("/areas").WithTags("Areas and tanks");
        areas.MapGet("/", List).RequireAuthorization(Permissions.RegistryRead);
        areas.MapGet("/{areaId:guid}", Get).RequireAuthorization(Permissions.RegistryRead);
        areas.MapPost("/", Create).RequireAuthorization(Permissions.RegistryWrite);
        areas.MapPut("/{areaId:guid}", Replace).RequireAuthorization(Permissions.RegistryWrite);
        areas.MapDelete("/{areaId:guid}", Delete).RequireAuthorization(Permissions.RegistryWrite);
        return api;
    }

    /// <summary>Lists areas; filters: <c>siteId</c>, <c>kind</c> (area|tank) and the common <see cref="ListQuery"/> ones.</summary>
    public static async Task<Results<Ok<Page<AreaView>>, ProblemHttpResult>> List([AsParameters] ListQuery query, Guid? siteId, string? kind,
        FleetDbContext db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var selector = query.Validate(validator);
        AreaKind? parsedKind = null;
        if (kind is not null)
        {
            validator.Check(Enum.TryParse<AreaKind>(kind, ignoreCase: true, out var k) && !int.TryParse(kind, out _), "kind", "One of: area, tank.");
            parsedKind = k;
        }

        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var areas = db.Areas.AsNoTracking();
        if (siteId is { } site)
        {
            areas = areas.Where(a => a.SiteId == site);
        }

        if (parsedKind is { } areaKind)
        {
            areas = areas.Where(a => a.Kind == areaKind);
        }

        if (query.Text() is { } text)
        {
            areas = areas.Where(a => a.Name.ToLower().Contains(text));
        }

        foreach (var term in selector)
        {
            var owners = Labels.OwnersMatching(db, term);
            areas = areas.Where(a => owners.Contains(a.Id));
        }

        var total = await areas.CountAsync(cancellationToken);
        var page = await areas.OrderBy(a => a.Name).Skip(query.Skip()).Take(query.Take()).ToListAsync(cancellationToken);
        var labels = await Labels.LoadAsync(db, [.. page.Select(a => a.Id)], cancellationToken);
        return TypedResults.Ok(new Page<AreaView>([.. page.Select(a => AreaView.Of(a, labels.GetValueOrDefault(a.Id) ?? []))],
            total, query.Skip(), query.Take()));
    }

    public static async Task<Results<Ok<AreaView>, ProblemHttpResult>> Get(Guid areaId, FleetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var area = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Id == areaId, cancellationToken);
        if (area is not null)
        {
            Concurrency.SetETag(http, area.Version);
        }

        return area is null
            ? ApiProblems.NotFound("area or tank", areaId)
            : TypedResults.Ok(AreaView.Of(area, await Labels.LoadAsync(db, area.Id, cancellationToken)));
    }

    public static async Task<Results<Created<AreaView>, ProblemHttpResult>> Create(AreaRequest request, FleetDbContext db, AuditLog audit,
        CurrentTenant tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, null, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.UtcNow();
        var area = new Area
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.TenantId!.Value,
            SiteId = request.SiteId,
            Name = request.Name,
            Kind = request.Kind,
            OverfillLevel = request.OverfillLevel,
            OverfillLevelUnit = request.OverfillLevelUnit,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Areas.Add(area);
        var labels = request.Labels ?? [];
        await Labels.ReplaceAsync(db, area.TenantId, LabelOwnerKind.Area, area.Id, labels, cancellationToken);
        var view = AreaView.Of(area, labels);
        audit.Record("area.create", "area", area.Id, null, view);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/areas/{area.Id}", view);
    }

    public static async Task<Results<Ok<AreaView>, ProblemHttpResult>> Replace(Guid areaId, AreaRequest request, FleetDbContext db, HttpContext http,
        AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var area = await db.Areas.FirstOrDefaultAsync(a => a.Id == areaId, cancellationToken);
        if (area is null)
        {
            return ApiProblems.NotFound("area or tank", areaId);
        }

        if (Concurrency.Check(http, "area or tank", areaId, area.Version) is { } stale)
        {
            return stale;
        }

        if (await ValidateAsync(request, area, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var before = AreaView.Of(area, await Labels.LoadAsync(db, area.Id, cancellationToken));
        area.Name = request.Name;
        area.Kind = request.Kind;
        area.OverfillLevel = request.OverfillLevel;
        area.OverfillLevelUnit = request.OverfillLevelUnit;
        area.Version++;
        area.UpdatedAt = time.UtcNow();
        var labels = request.Labels ?? new Dictionary<string, string>(before.Labels);
        await Labels.ReplaceAsync(db, area.TenantId, LabelOwnerKind.Area, area.Id, labels, cancellationToken);
        var after = AreaView.Of(area, labels);
        audit.Record("area.update", "area", area.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, area.Version);
        return TypedResults.Ok(after);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid areaId, FleetDbContext db, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var area = await db.Areas.FirstOrDefaultAsync(a => a.Id == areaId, cancellationToken);
        if (area is null)
        {
            return ApiProblems.NotFound("area or tank", areaId);
        }

        var devices = await db.Devices.CountAsync(d => d.AreaId == areaId, cancellationToken);
        if (devices > 0)
        {
            return ApiProblems.Conflict($"{area.Kind} '{area.Name}' still has devices.",
                $"{devices} devices are placed in it; move them (PUT /api/devices/{{id}} with another areaId) or delete them first.");
        }

        var before = AreaView.Of(area, await Labels.LoadAsync(db, area.Id, cancellationToken));
        await Labels.RemoveAllAsync(db, area.Id, cancellationToken);
        db.Areas.Remove(area);
        audit.Record("area.delete", "area", area.Id, before, null);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(AreaRequest request, Area? existing, FleetDbContext db,
        CancellationToken cancellationToken)
    {
        var validator = new RequestValidator().Name("name", request.Name);
        validator.Check(Enum.IsDefined(request.Kind), "kind", "One of: area, tank.");
        if (request.Kind == AreaKind.Tank)
        {
            validator.Check(request.OverfillLevel is null || (double.IsFinite(request.OverfillLevel.Value) && request.OverfillLevel > 0),
                "overfillLevel", "A finite level above 0, in overfillLevelUnit.");
            validator.Check((request.OverfillLevel is null) == (request.OverfillLevelUnit is null), "overfillLevelUnit",
                "Give overfillLevel and overfillLevelUnit together, or neither.");
            validator.Check(request.OverfillLevelUnit is null || LevelUnits.Contains(request.OverfillLevelUnit), "overfillLevelUnit",
                "One of: " + string.Join(", ", LevelUnits) + ".");
        }
        else
        {
            validator.Check(request.OverfillLevel is null && request.OverfillLevelUnit is null, "overfillLevel",
                "Only tanks have an overfill level; set kind to tank or leave it out.");
        }

        Labels.Validate(validator, "labels", request.Labels);
        if (existing is not null)
        {
            validator.Check(existing.SiteId == request.SiteId, "siteId", $"An area stays in its site ({existing.SiteId}); create a new one in the other site.");
        }
        else if (!await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            validator.Add("siteId", $"Your tenant has no site {request.SiteId}; list sites with GET /api/sites.");
        }

        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var ownId = existing?.Id ?? Guid.Empty;
        return await db.Areas.AnyAsync(a => a.SiteId == request.SiteId && a.Name == request.Name && a.Id != ownId, cancellationToken)
            ? ApiProblems.Conflict("The area name is taken.", $"Site {request.SiteId} already has an area or tank named '{request.Name}'; pick another name.")
            : null;
    }
}
