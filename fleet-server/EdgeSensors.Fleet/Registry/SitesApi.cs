using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>A site to create or replace; <c>labels</c> null keeps the current labels on replace.</summary>
public sealed record SiteRequest(string Name, string? Description = null, Dictionary<string, string>? Labels = null);

/// <summary>/api/sites: the tenant's plants and tank farms.</summary>
public static class SitesApi
{
    public static RouteGroupBuilder MapSitesApi(this RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites");
        sites.MapGet("/", List).RequireAuthorization(Permissions.RegistryRead);
        sites.MapGet("/{siteId:guid}", Get).RequireAuthorization(Permissions.RegistryRead);
        sites.MapPost("/", Create).RequireAuthorization(Permissions.RegistryWrite);
        sites.MapPut("/{siteId:guid}", Replace).RequireAuthorization(Permissions.RegistryWrite);
        sites.MapDelete("/{siteId:guid}", Delete).RequireAuthorization(Permissions.RegistryWrite);
        return api;
    }

    public static async Task<Results<Ok<Page<SiteView>>, ProblemHttpResult>> List([AsParameters] ListQuery query, FleetDbContext db,
        CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var selector = query.Validate(validator);
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var sites = db.Sites.AsNoTracking();
        if (query.Text() is { } text)
        {
            sites = sites.Where(s => s.Name.ToLower().Contains(text) || (s.Description != null && s.Description.ToLower().Contains(text)));
        }

        foreach (var term in selector)
        {
            var owners = Labels.OwnersMatching(db, term);
            sites = sites.Where(s => owners.Contains(s.Id));
        }

        var total = await sites.CountAsync(cancellationToken);
        var page = await sites.OrderBy(s => s.Name).Skip(query.Skip()).Take(query.Take()).ToListAsync(cancellationToken);
        var labels = await Labels.LoadAsync(db, [.. page.Select(s => s.Id)], cancellationToken);
        return TypedResults.Ok(new Page<SiteView>([.. page.Select(s => SiteView.Of(s, labels.GetValueOrDefault(s.Id) ?? []))],
            total, query.Skip(), query.Take()));
    }

    public static async Task<Results<Ok<SiteView>, ProblemHttpResult>> Get(Guid siteId, FleetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var site = await db.Sites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == siteId, cancellationToken);
        if (site is not null)
        {
            Concurrency.SetETag(http, site.Version);
        }

        return site is null
            ? ApiProblems.NotFound("site", siteId)
            : TypedResults.Ok(SiteView.Of(site, await Labels.LoadAsync(db, site.Id, cancellationToken)));
    }

    public static async Task<Results<Created<SiteView>, ProblemHttpResult>> Create(SiteRequest request, FleetDbContext db, AuditLog audit,
        CurrentTenant tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, null, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.UtcNow();
        var site = new Site
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.TenantId!.Value,
            Name = request.Name,
            Description = request.Description,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Sites.Add(site);
        var labels = request.Labels ?? [];
        await Labels.ReplaceAsync(db, site.TenantId, LabelOwnerKind.Site, site.Id, labels, cancellationToken);
        var view = SiteView.Of(site, labels);
        audit.Record("site.create", "site", site.Id, null, view);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/sites/{site.Id}", view);
    }

    public static async Task<Results<Ok<SiteView>, ProblemHttpResult>> Replace(Guid siteId, SiteRequest request, FleetDbContext db, HttpContext http,
        AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Id == siteId, cancellationToken);
        if (site is null)
        {
            return ApiProblems.NotFound("site", siteId);
        }

        if (Concurrency.Check(http, "site", siteId, site.Version) is { } stale)
        {
            return stale;
        }

        if (await ValidateAsync(request, siteId, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var before = SiteView.Of(site, await Labels.LoadAsync(db, site.Id, cancellationToken));
        site.Name = request.Name;
        site.Description = request.Description;
        site.Version++;
        site.UpdatedAt = time.UtcNow();
        var labels = request.Labels ?? new Dictionary<string, string>(before.Labels);
        await Labels.ReplaceAsync(db, site.TenantId, LabelOwnerKind.Site, site.Id, labels, cancellationToken);
        var after = SiteView.Of(site, labels);
        audit.Record("site.update", "site", site.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, site.Version);
        return TypedResults.Ok(after);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid siteId, FleetDbContext db, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Id == siteId, cancellationToken);
        if (site is null)
        {
            return ApiProblems.NotFound("site", siteId);
        }

        var areas = await db.Areas.CountAsync(a => a.SiteId == siteId, cancellationToken);
        var devices = await db.Devices.CountAsync(d => d.SiteId == siteId, cancellationToken);
        if (areas + devices > 0)
        {
            return ApiProblems.Conflict($"Site '{site.Name}' is not empty.",
                $"It still has {areas} areas/tanks and {devices} devices; delete or move them first.");
        }

        var before = SiteView.Of(site, await Labels.LoadAsync(db, site.Id, cancellationToken));
        await Labels.RemoveAllAsync(db, site.Id, cancellationToken);
        db.Sites.Remove(site);
        audit.Record("site.delete", "site", site.Id, before, null);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(SiteRequest request, Guid? siteId, FleetDbContext db,
        CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Name("name", request.Name)
            .MaxLength("description", request.Description, Limits.Description);
        Labels.Validate(validator, "labels", request.Labels);
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        return await db.Sites.AnyAsync(s => s.Name == request.Name && s.Id != siteId, cancellationToken)
            ? ApiProblems.Conflict("The site name is taken.", $"Your tenant already has a site named '{request.Name}'; pick another name.")
            : null;
    }
}
