using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>A tag to create on a device or to replace; the name is unique per device.</summary>
public sealed record TagRequest(string Name, string? Unit = null, string? Description = null, Dictionary<string, string>? Labels = null);

/// <summary>/api/tags and /api/devices/{deviceId}/tags: the measured values of devices.</summary>
public static class TagsApi
{
    public static RouteGroupBuilder MapTagsApi(this RouteGroupBuilder api)
    {
        var tags = api.MapGroup("/tags").WithTags("Tags");
        tags.MapGet("/", List).RequireAuthorization(Permissions.RegistryRead);
        tags.MapGet("/{tagId:guid}", Get).RequireAuthorization(Permissions.RegistryRead);
        tags.MapPut("/{tagId:guid}", Replace).RequireAuthorization(Permissions.DevicesWrite);
        tags.MapDelete("/{tagId:guid}", Delete).RequireAuthorization(Permissions.DevicesWrite);
        api.MapPost("/devices/{deviceId:guid}/tags", Create).WithTags("Tags").RequireAuthorization(Permissions.DevicesWrite);
        return api;
    }

    /// <summary>Lists tags; filters: <c>deviceId</c> and the common ones.</summary>
    public static async Task<Results<Ok<Page<TagView>>, ProblemHttpResult>> List([AsParameters] ListQuery query, Guid? deviceId,
        FleetDbContext db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var selector = query.Validate(validator);
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var tags = db.Tags.AsNoTracking();
        if (deviceId is { } device)
        {
            tags = tags.Where(t => t.DeviceId == device);
        }

        if (query.Text() is { } text)
        {
            tags = tags.Where(t => t.Name.ToLower().Contains(text) || (t.Description != null && t.Description.ToLower().Contains(text)));
        }

        foreach (var term in selector)
        {
            var owners = Labels.OwnersMatching(db, term);
            tags = tags.Where(t => owners.Contains(t.Id));
        }

        var total = await tags.CountAsync(cancellationToken);
        var page = await tags.OrderBy(t => t.Name).Skip(query.Skip()).Take(query.Take()).ToListAsync(cancellationToken);
        var labels = await Labels.LoadAsync(db, [.. page.Select(t => t.Id)], cancellationToken);
        return TypedResults.Ok(new Page<TagView>([.. page.Select(t => TagView.Of(t, labels.GetValueOrDefault(t.Id) ?? []))],
            total, query.Skip(), query.Take()));
    }

    public static async Task<Results<Ok<TagView>, ProblemHttpResult>> Get(Guid tagId, FleetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tagId, cancellationToken);
        if (tag is not null)
        {
            Concurrency.SetETag(http, tag.Version);
        }

        return tag is null
            ? ApiProblems.NotFound("tag", tagId)
            : TypedResults.Ok(TagView.Of(tag, await Labels.LoadAsync(db, tag.Id, cancellationToken)));
    }

    public static async Task<Results<Created<TagView>, ProblemHttpResult>> Create(Guid deviceId, TagRequest request, FleetDbContext db,
        AuditLog audit, CurrentTenant tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Devices.AnyAsync(d => d.Id == deviceId, cancellationToken))
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        if (await ValidateAsync(request, deviceId, null, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.UtcNow();
        var tag = new Tag
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.TenantId!.Value,
            DeviceId = deviceId,
            Name = request.Name,
            Unit = request.Unit,
            Description = request.Description,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Tags.Add(tag);
        var labels = request.Labels ?? [];
        await Labels.ReplaceAsync(db, tag.TenantId, LabelOwnerKind.Tag, tag.Id, labels, cancellationToken);
        var view = TagView.Of(tag, labels);
        audit.Record("tag.create", "tag", tag.Id, null, view);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tags/{tag.Id}", view);
    }

    public static async Task<Results<Ok<TagView>, ProblemHttpResult>> Replace(Guid tagId, TagRequest request, FleetDbContext db, HttpContext http,
        AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == tagId, cancellationToken);
        if (tag is null)
        {
            return ApiProblems.NotFound("tag", tagId);
        }

        if (Concurrency.Check(http, "tag", tagId, tag.Version) is { } stale)
        {
            return stale;
        }

        if (await ValidateAsync(request, tag.DeviceId, tag.Id, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var before = TagView.Of(tag, await Labels.LoadAsync(db, tag.Id, cancellationToken));
        tag.Name = request.Name;
        tag.Unit = request.Unit;
        tag.Description = request.Description;
        tag.Version++;
        tag.UpdatedAt = time.UtcNow();
        var labels = request.Labels ?? new Dictionary<string, string>(before.Labels);
        await Labels.ReplaceAsync(db, tag.TenantId, LabelOwnerKind.Tag, tag.Id, labels, cancellationToken);
        var after = TagView.Of(tag, labels);
        audit.Record("tag.update", "tag", tag.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, tag.Version);
        return TypedResults.Ok(after);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid tagId, FleetDbContext db, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == tagId, cancellationToken);
        if (tag is null)
        {
            return ApiProblems.NotFound("tag", tagId);
        }

        var before = TagView.Of(tag, await Labels.LoadAsync(db, tag.Id, cancellationToken));
        await Labels.RemoveAllAsync(db, tag.Id, cancellationToken);
        db.Tags.Remove(tag);
        audit.Record("tag.delete", "tag", tag.Id, before, null);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(TagRequest request, Guid deviceId, Guid? tagId, FleetDbContext db,
        CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Name("name", request.Name)
            .MaxLength("unit", request.Unit, Limits.Unit)
            .MaxLength("description", request.Description, Limits.Description);
        Labels.Validate(validator, "labels", request.Labels);
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var ownId = tagId ?? Guid.Empty;
        return await db.Tags.AnyAsync(t => t.DeviceId == deviceId && t.Name == request.Name && t.Id != ownId, cancellationToken)
            ? ApiProblems.Conflict("The tag name is taken.", $"Device {deviceId} already has a tag named '{request.Name}'.")
            : null;
    }
}
