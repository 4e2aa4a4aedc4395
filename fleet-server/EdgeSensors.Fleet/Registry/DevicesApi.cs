using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>
/// A device to create or replace. Names are unique in the tenant. <c>areaId</c>, when given, must be an area or tank
/// of <c>siteId</c>. Reported versions are not part of it: only the device reports them.
/// </summary>
public sealed record DeviceRequest(Guid SiteId, string Name, DeviceKind Kind, Guid? AreaId = null, string? SerialNumber = null,
    Dictionary<string, string>? Labels = null);

/// <summary>/api/devices: gateways and nodes, with the versions they report.</summary>
public static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/devices").WithTags("Devices");
        devices.MapGet("/", List).RequireAuthorization(Permissions.RegistryRead);
        devices.MapGet("/{deviceId:guid}", Get).RequireAuthorization(Permissions.RegistryRead);
        devices.MapPost("/", Create).RequireAuthorization(Permissions.DevicesWrite);
        devices.MapPut("/{deviceId:guid}", Replace).RequireAuthorization(Permissions.DevicesWrite);
        devices.MapDelete("/{deviceId:guid}", Delete).RequireAuthorization(Permissions.DevicesWrite);
        return api;
    }

    /// <summary>Lists devices; filters: <c>siteId</c>, <c>areaId</c>, <c>kind</c> (gateway|node) and the common ones.</summary>
    public static async Task<Results<Ok<Page<DeviceView>>, ProblemHttpResult>> List([AsParameters] ListQuery query, Guid? siteId,
        Guid? areaId, string? kind, FleetDbContext db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var selector = query.Validate(validator);
        DeviceKind? parsedKind = null;
        if (kind is not null)
        {
            validator.Check(Enum.TryParse<DeviceKind>(kind, ignoreCase: true, out var k) && !int.TryParse(kind, out _), "kind", "One of: gateway, node.");
            parsedKind = k;
        }

        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var devices = db.Devices.AsNoTracking();
        if (siteId is { } site)
        {
            devices = devices.Where(d => d.SiteId == site);
        }

        if (areaId is { } area)
        {
            devices = devices.Where(d => d.AreaId == area);
        }

        if (parsedKind is { } deviceKind)
        {
            devices = devices.Where(d => d.Kind == deviceKind);
        }

        if (query.Text() is { } text)
        {
            devices = devices.Where(d => d.Name.ToLower().Contains(text) || (d.SerialNumber != null && d.SerialNumber.ToLower().Contains(text)));
        }

        foreach (var term in selector)
        {
            var owners = Labels.OwnersMatching(db, term);
            devices = devices.Where(d => owners.Contains(d.Id));
        }

        var total = await devices.CountAsync(cancellationToken);
        var page = await devices.OrderBy(d => d.Name).Skip(query.Skip()).Take(query.Take()).ToListAsync(cancellationToken);
        var labels = await Labels.LoadAsync(db, [.. page.Select(d => d.Id)], cancellationToken);
        return TypedResults.Ok(new Page<DeviceView>([.. page.Select(d => DeviceView.Of(d, labels.GetValueOrDefault(d.Id) ?? []))],
            total, query.Skip(), query.Take()));
    }

    public static async Task<Results<Ok<DeviceView>, ProblemHttpResult>> Get(Guid deviceId, FleetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is not null)
        {
            Concurrency.SetETag(http, device.Version);
        }

        return device is null
            ? ApiProblems.NotFound("device", deviceId)
            : TypedResults.Ok(DeviceView.Of(device, await Labels.LoadAsync(db, device.Id, cancellationToken)));
    }

    public static async Task<Results<Created<DeviceView>, ProblemHttpResult>> Create(DeviceRequest request, FleetDbContext db, AuditLog audit,
        CurrentTenant tenant, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, null, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.UtcNow();
        var device = new Device
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.TenantId!.Value,
            SiteId = request.SiteId,
            AreaId = request.AreaId,
            Name = request.Name,
            Kind = request.Kind,
            SerialNumber = request.SerialNumber,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Devices.Add(device);
        var labels = request.Labels ?? [];
        await Labels.ReplaceAsync(db, device.TenantId, LabelOwnerKind.Device, device.Id, labels, cancellationToken);
        var view = DeviceView.Of(device, labels);
        audit.Record("device.create", "device", device.Id, null, view);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/devices/{device.Id}", view);
    }

    public static async Task<Results<Ok<DeviceView>, ProblemHttpResult>> Replace(Guid deviceId, DeviceRequest request, FleetDbContext db, HttpContext http,
        AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        if (Concurrency.Check(http, "device", deviceId, device.Version) is { } stale)
        {
            return stale;
        }

        if (await ValidateAsync(request, device.Id, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var before = DeviceView.Of(device, await Labels.LoadAsync(db, device.Id, cancellationToken));
        device.SiteId = request.SiteId;
        device.AreaId = request.AreaId;
        device.Name = request.Name;
        device.Kind = request.Kind;
        device.SerialNumber = request.SerialNumber;
        device.Version++;
        device.UpdatedAt = time.UtcNow();
        var labels = request.Labels ?? new Dictionary<string, string>(before.Labels);
        await Labels.ReplaceAsync(db, device.TenantId, LabelOwnerKind.Device, device.Id, labels, cancellationToken);
        var after = DeviceView.Of(device, labels);
        audit.Record("device.update", "device", device.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, device.Version);
        return TypedResults.Ok(after);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid deviceId, FleetDbContext db, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var tags = await db.Tags.CountAsync(t => t.DeviceId == deviceId, cancellationToken);
        if (tags > 0)
        {
            return ApiProblems.Conflict($"Device '{device.Name}' still has tags.", $"It has {tags} tags; delete them first (DELETE /api/tags/{{id}}).");
        }

        var before = DeviceView.Of(device, await Labels.LoadAsync(db, device.Id, cancellationToken));
        await Labels.RemoveAllAsync(db, device.Id, cancellationToken);
        db.Devices.Remove(device);
        audit.Record("device.delete", "device", device.Id, before, null);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(DeviceRequest request, Guid? deviceId, FleetDbContext db,
        CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Name("name", request.Name)
            .MaxLength("serialNumber", request.SerialNumber, Limits.Name);
        validator.Check(Enum.IsDefined(request.Kind), "kind", "One of: gateway, node.");
        Labels.Validate(validator, "labels", request.Labels);
        if (!await db.Sites.AnyAsync(s => s.Id == request.SiteId, cancellationToken))
        {
            validator.Add("siteId", $"Your tenant has no site {request.SiteId}; list sites with GET /api/sites.");
        }
        else if (request.AreaId is { } areaId && !await db.Areas.AnyAsync(a => a.Id == areaId && a.SiteId == request.SiteId, cancellationToken))
        {
            validator.Add("areaId", $"Site {request.SiteId} has no area or tank {areaId}; list them with GET /api/areas?siteId={request.SiteId}.");
        }

        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var ownId = deviceId ?? Guid.Empty;
        return await db.Devices.AnyAsync(d => d.Name == request.Name && d.Id != ownId, cancellationToken)
            ? ApiProblems.Conflict("The device name is taken.", $"Your tenant already has a device named '{request.Name}'; device names are unique per tenant.")
            : null;
    }
}
