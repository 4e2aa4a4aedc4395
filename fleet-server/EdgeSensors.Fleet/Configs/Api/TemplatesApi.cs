using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Configs.Documents;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Configs.Templates;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>
/// /api/config-templates: config templates per site or per device kind; /api/devices/{id}/config/overrides and
/// /effective: a device's binding, its overrides and the merged result, validated by the device's own schema;
/// POST /api/config-templates/{id}/revisions: new revisions from a template for a device, a site or all bound devices.
/// </summary>
public static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/config-templates").WithTags("Config templates");
        templates.MapGet("/", List).RequireAuthorization(Permissions.ConfigsRead);
        templates.MapGet("/{templateId:guid}", Get).RequireAuthorization(Permissions.ConfigsRead);
        templates.MapPost("/", Create).RequireAuthorization(Permissions.ConfigsWrite);
        templates.MapPut("/{templateId:guid}", Replace).RequireAuthorization(Permissions.ConfigsWrite);
        templates.MapDelete("/{templateId:guid}", Delete).RequireAuthorization(Permissions.ConfigsWrite);
        templates.MapPost("/{templateId:guid}/revisions", CreateRevisions).RequireAuthorization(Permissions.ConfigsWrite);
        var device = api.MapGroup("/devices/{deviceId:guid}/config").WithTags("Config templates");
        device.MapGet("/overrides", GetOverrides).RequireAuthorization(Permissions.ConfigsRead);
        device.MapPut("/overrides", SetOverrides).RequireAuthorization(Permissions.ConfigsWrite);
        device.MapDelete("/overrides", DeleteOverrides).RequireAuthorization(Permissions.ConfigsWrite);
        device.MapGet("/effective", Effective).RequireAuthorization(Permissions.ConfigsRead);
        return api;
    }

    public static async Task<Ok<TemplateView[]>> List(Guid? siteId, FleetDbContext db, CancellationToken cancellationToken)
    {
        var rows = db.Set<ConfigTemplateRow>().AsNoTracking();
        if (siteId is { } site)
        {
            rows = rows.Where(t => t.SiteId == site || t.SiteId == null);
        }

        var list = await rows.OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var bound = await BoundCountsAsync(db, cancellationToken);
        return TypedResults.Ok(list.Select(t => TemplateView.Of(t, bound.GetValueOrDefault(t.Id))).ToArray());
    }

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Get(Guid templateId, FleetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var row = await db.Set<ConfigTemplateRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound("config template", templateId);
        }

        Concurrency.SetETag(http, row.Version);
        return TypedResults.Ok(TemplateView.Of(row, await BoundCountAsync(db, templateId, cancellationToken)));
    }

    public static async Task<Results<Created<TemplateView>, ProblemHttpResult>> Create(TemplateRequest request, FleetDbContext db, AuditLog audit,
        CurrentTenant tenant, HttpContext http, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(request, null, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var now = time.UtcNow();
        var row = new ConfigTemplateRow
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.TenantId!.Value,
            Name = request.Name,
            Description = request.Description,
            Kind = request.Kind,
            SiteId = request.SiteId,
            Body = request.Body,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(row);
        var view = TemplateView.Of(row, 0);
        audit.Record("config.template.create", "config_template", row.Id, null, view);
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, row.Version);
        return TypedResults.Created($"/api/config-templates/{row.Id}", view);
    }

    /// <summary>Replaces a template (If-Match required); refused with 422 when a bound device's effective config would become invalid.</summary>
    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Replace(Guid templateId, TemplateRequest request, FleetDbContext db,
        HttpContext http, AuditLog audit, ConfigSchemas schemas, TimeProvider time, CancellationToken cancellationToken)
    {
        var row = await db.Set<ConfigTemplateRow>().FirstOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound("config template", templateId);
        }

        if (Concurrency.Check(http, "config template", templateId, row.Version) is { } stale)
        {
            return stale;
        }

        if (await ValidateAsync(request, row, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        // Every device bound to it must still get a valid config: the template is the base of their next revision.
        var bindings = await db.Set<DeviceOverridesRow>().AsNoTracking().Where(o => o.TemplateId == templateId).ToListAsync(cancellationToken);
        var names = await DeviceNamesAsync(db, bindings.Select(b => b.DeviceId), cancellationToken);
        var errors = new Dictionary<string, string[]>();
        foreach (var binding in bindings)
        {
            var (_, problems) = Compose(schemas, request.Kind, request.Body, binding.Overrides);
            if (problems.Count > 0)
            {
                errors[$"body (device {names.GetValueOrDefault(binding.DeviceId)})"] = [.. problems.Take(5).Select(p => p.ToString())];
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var before = TemplateView.Of(row, bindings.Count);
        row.Name = request.Name;
        row.Description = request.Description;
        row.Body = request.Body;
        row.SiteId = request.SiteId;
        row.Version++;
        row.UpdatedAt = time.UtcNow();
        var after = TemplateView.Of(row, bindings.Count);
        audit.Record("config.template.update", "config_template", row.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, row.Version);
        return TypedResults.Ok(after);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid templateId, FleetDbContext db, HttpContext http, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var row = await db.Set<ConfigTemplateRow>().FirstOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (row is null)
        {
            return ApiProblems.NotFound("config template", templateId);
        }

        if (Concurrency.HasIfMatch(http) && Concurrency.Check(http, "config template", templateId, row.Version) is { } stale)
        {
            return stale;
        }

        int bound = await BoundCountAsync(db, templateId, cancellationToken);
        if (bound > 0)
        {
            return ApiProblems.Conflict($"Config template '{row.Name}' is in use.",
                $"{bound} devices are bound to it; bind them to another template or DELETE /api/devices/{{id}}/config/overrides first.");
        }

        db.Remove(row);
        audit.Record("config.template.delete", "config_template", row.Id, TemplateView.Of(row, 0), null);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<OverridesView>, ProblemHttpResult>> GetOverrides(Guid deviceId, FleetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var row = await db.Set<DeviceOverridesRow>().AsNoTracking().FirstOrDefaultAsync(o => o.DeviceId == deviceId, cancellationToken);
        if (row is null)
        {
            return NotBound(deviceId);
        }

        Concurrency.SetETag(http, row.Version);
        return TypedResults.Ok(OverridesView.Of(row));
    }

    /// <summary>
    /// Binds the device to a template with its overrides. Refused (422) when the template is for another device kind or
    /// another site, or when template + overrides is not a valid config for the device. Changing an existing binding
    /// needs If-Match.
    /// </summary>
    public static async Task<Results<Ok<EffectiveConfigView>, ProblemHttpResult>> SetOverrides(Guid deviceId, OverridesRequest request, FleetDbContext db,
        HttpContext http, AuditLog audit, ConfigSchemas schemas, TimeProvider time, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var row = await db.Set<DeviceOverridesRow>().FirstOrDefaultAsync(o => o.DeviceId == deviceId, cancellationToken);
        if (row is not null && Concurrency.Check(http, "config overrides of device", device.Name, row.Version) is { } stale)
        {
            return stale;
        }

        var overrides = request.Overrides ?? "";
        var check = new RequestValidator().Check(overrides.Length <= ConfigsApi.MaxBodyCharacters, "overrides", $"At most {ConfigsApi.MaxBodyCharacters} characters.");
        var template = await db.Set<ConfigTemplateRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == request.TemplateId, cancellationToken);
        if (template is null)
        {
            check.Add("templateId", $"Your tenant has no config template {request.TemplateId}; list them with GET /api/config-templates.");
        }
        else if (template.Kind != device.Kind)
        {
            check.Add("templateId", $"Template '{template.Name}' is for {Word(template.Kind)}s; device {device.Name} is a {Word(device.Kind)}. Pick a {Word(device.Kind)} template.");
        }
        else if (template.SiteId is { } site && site != device.SiteId)
        {
            check.Add("templateId", $"Template '{template.Name}' belongs to another site than device {device.Name}; pick a template of its site or one for every site.");
        }

        if (check.Problem is { } invalid)
        {
            return invalid;
        }

        var (body, problems) = Compose(schemas, device.Kind, template!.Body, overrides);
        if (problems.Count > 0)
        {
            return ConfigsApi.Refused($"Template '{template.Name}' with these overrides is not a valid config for {Word(device.Kind)} {device.Name}.", problems);
        }

        var now = time.UtcNow();
        OverridesView? before = null;
        if (row is null)
        {
            row = new DeviceOverridesRow { DeviceId = deviceId, TenantId = device.TenantId, TemplateId = template.Id, Overrides = overrides, UpdatedAt = now };
            db.Add(row);
        }
        else
        {
            before = OverridesView.Of(row);
            row.TemplateId = template.Id;
            row.Overrides = overrides;
            row.UpdatedAt = now;
            row.Version++;
        }

        audit.Record("config.overrides.set", "device", deviceId, before, OverridesView.Of(row));
        await audit.SaveChangesAsync(cancellationToken);
        Concurrency.SetETag(http, row.Version);
        return TypedResults.Ok(new EffectiveConfigView(deviceId, template.Id, template.Name, device.Kind, body!, Sha256Text.Of(body!), true, []));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteOverrides(Guid deviceId, FleetDbContext db, HttpContext http, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var row = await db.Set<DeviceOverridesRow>().FirstOrDefaultAsync(o => o.DeviceId == deviceId, cancellationToken);
        if (row is null)
        {
            return NotBound(deviceId);
        }

        if (Concurrency.HasIfMatch(http) && Concurrency.Check(http, "config overrides of device", deviceId, row.Version) is { } stale)
        {
            return stale;
        }

        db.Remove(row);
        audit.Record("config.overrides.delete", "device", deviceId, OverridesView.Of(row), null);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The device's effective config now (template + overrides) and the device schema's verdict on it.</summary>
    public static async Task<Results<Ok<EffectiveConfigView>, ProblemHttpResult>> Effective(Guid deviceId, FleetDbContext db, ConfigSchemas schemas,
        CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        var row = device is null ? null : await db.Set<DeviceOverridesRow>().AsNoTracking().FirstOrDefaultAsync(o => o.DeviceId == deviceId, cancellationToken);
        if (device is null || row is null)
        {
            return device is null ? ApiProblems.NotFound("device", deviceId) : NotBound(deviceId);
        }

        var template = await db.Set<ConfigTemplateRow>().AsNoTracking().FirstAsync(t => t.Id == row.TemplateId, cancellationToken);
        var (body, problems) = Compose(schemas, device.Kind, template.Body, row.Overrides);
        return TypedResults.Ok(new EffectiveConfigView(deviceId, template.Id, template.Name, device.Kind, body ?? "", body is null ? "" : Sha256Text.Of(body),
            problems.Count == 0, problems));
    }

    /// <summary>
    /// A new revision for each device bound to the template (narrowed by siteId and deviceIds), made of its effective
    /// config on top of its latest revision, through the same policy as a hand-written one (validation, safety rules,
    /// approval). A device whose latest revision already has that body is "unchanged".
    /// </summary>
    public static async Task<Results<Ok<TemplateRevisionsView>, ProblemHttpResult>> CreateRevisions(Guid templateId, TemplateRevisionRequest request,
        FleetDbContext db, AuditLog audit, Caller caller, ConfigSchemas schemas, ConfigDelivery delivery, TimeProvider time, CancellationToken cancellationToken)
    {
        var check = new RequestValidator().Check(!string.IsNullOrWhiteSpace(request.Message), "message", "Required: say what the change does and why.")
            .MaxLength("message", request.Message, Limits.Description)
            .Check(request.DeviceIds is not { Length: > 1000 }, "deviceIds", "At most 1000 devices per request.");
        if (check.Problem is { } invalid)
        {
            return invalid;
        }

        var template = await db.Set<ConfigTemplateRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (template is null)
        {
            return ApiProblems.NotFound("config template", templateId);
        }

        var targets = from o in db.Set<DeviceOverridesRow>().AsNoTracking()
                      join d in db.Devices.AsNoTracking() on o.DeviceId equals d.Id
                      where o.TemplateId == templateId
                      select new { Device = d, o.Overrides };
        if (request.SiteId is { } site)
        {
            targets = targets.Where(t => t.Device.SiteId == site);
        }

        if (request.DeviceIds is { Length: > 0 } ids)
        {
            targets = targets.Where(t => ids.Contains(t.Device.Id));
        }

        var list = await targets.OrderBy(t => t.Device.Name).ToListAsync(cancellationToken);
        if (list.Count == 0)
        {
            return ApiProblems.Invalid("deviceIds", $"No device bound to template '{template.Name}' matches; bind devices with PUT /api/devices/{{id}}/config/overrides.");
        }

        if (request.DeviceIds is { Length: > 0 } wanted && wanted.Except(list.Select(t => t.Device.Id)).ToList() is { Count: > 0 } missing)
        {
            return ApiProblems.Invalid("deviceIds", $"{missing.Count} of the devices are not bound to template '{template.Name}' (or not in siteId): {string.Join(", ", missing.Take(5))}.");
        }

        var results = new List<TemplateRevisionResult>();
        foreach (var target in list)
        {
            results.Add(await RevisionForAsync(template, target.Device, target.Overrides, request, db, audit, caller, schemas, delivery, time, cancellationToken));
        }

        return TypedResults.Ok(new TemplateRevisionsView(templateId, results));
    }

    private static async Task<TemplateRevisionResult> RevisionForAsync(ConfigTemplateRow template, Device device, string overrides, TemplateRevisionRequest request,
        FleetDbContext db, AuditLog audit, Caller caller, ConfigSchemas schemas, ConfigDelivery delivery, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problems) = Compose(schemas, device.Kind, template.Body, overrides);
        if (body is null || problems.Count > 0)
        {
            return new TemplateRevisionResult(device.Id, device.Name, "refused", null, null, "The effective config is not valid for the device.", problems);
        }

        var latestSha = await db.Set<ConfigRevisionRow>().AsNoTracking().Where(r => r.DeviceId == device.Id).OrderByDescending(r => r.Number)
            .Select(r => r.Sha256).FirstOrDefaultAsync(cancellationToken);
        if (latestSha == Sha256Text.Of(body))
        {
            return new TemplateRevisionResult(device.Id, device.Name, "unchanged", null, null, null, []);
        }

        try
        {
            var message = $"{request.Message} (template '{template.Name}' v{template.Version})";
            var (row, refused) = await ConfigsApi.CreateRevisionAsync(device, caller.Actor, message, body, null, request.AlarmImpacting,
                db, audit, schemas, delivery, time, cancellationToken);
            if (row is not null)
            {
                return new TemplateRevisionResult(device.Id, device.Name, "created", row.Number, RevisionSummaryView.StateName(row), null, []);
            }

            var details = refused!.ProblemDetails;
            var listed = details.Extensions.TryGetValue("problems", out var p) && p is IReadOnlyList<ConfigProblem> found ? found : [];
            return new TemplateRevisionResult(device.Id, device.Name, "refused", null, null, $"{details.Status} {details.Title} {details.Detail}", listed);
        }
        catch (DbUpdateException)
        {
            // Another revision of this device was saved at the same moment (unique device+number): report it, go on.
            db.ChangeTracker.Clear();
            audit.Discard();
            return new TemplateRevisionResult(device.Id, device.Name, "refused", null, null,
                "409 Another revision of this device was created at the same time; run the template revision again.", []);
        }
    }

    /// <summary>The merged body and the device schema's problems (a syntax error is one problem at the document's root).</summary>
    internal static (string? Body, IReadOnlyList<ConfigProblem> Problems) Compose(ConfigSchemas schemas, DeviceKind kind, string template, string overrides)
    {
        try
        {
            string body = EffectiveConfig.Compose(kind, template, overrides);
            return (body, schemas.Validate(kind, body));
        }
        catch (ConfigFormatException ex)
        {
            return (null, [new ConfigProblem(ConfigProblem.Validation, "", ex.Message, "fix the document's syntax")]);
        }
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(TemplateRequest request, ConfigTemplateRow? existing, FleetDbContext db, CancellationToken cancellationToken)
    {
        var check = new RequestValidator()
            .Name("name", request.Name)
            .MaxLength("description", request.Description, Limits.Description)
            .Check(Enum.IsDefined(request.Kind), "kind", "One of: gateway, node.")
            .Check(request.Body is { Length: > 0 and <= ConfigsApi.MaxBodyCharacters }, "body", $"Required: the template's config document, at most {ConfigsApi.MaxBodyCharacters} characters.");
        if (existing is not null && existing.Kind != request.Kind)
        {
            check.Add("kind", $"Template '{existing.Name}' is a {Word(existing.Kind)} template; the kind cannot change (create a new template).");
        }

        if (check.IsValid)
        {
            try
            {
                EffectiveConfig.CheckSyntax(request.Kind, request.Body, "body");
            }
            catch (ConfigFormatException ex)
            {
                check.Add("body", ex.Message + $". It must be {ConfigSchemas.Describe(request.Kind)}.");
            }
        }

        if (request.SiteId is { } site && !await db.Sites.AnyAsync(s => s.Id == site, cancellationToken))
        {
            check.Add("siteId", $"Your tenant has no site {site}; list sites with GET /api/sites, or leave siteId out for a template of every site.");
        }

        if (check.Problem is { } problem)
        {
            return problem;
        }

        Guid own = existing?.Id ?? Guid.Empty;
        return await db.Set<ConfigTemplateRow>().AnyAsync(t => t.Name == request.Name && t.Id != own, cancellationToken)
            ? ApiProblems.Conflict("The template name is taken.", $"Your tenant already has a config template named '{request.Name}'; pick another name.")
            : null;
    }

    private static async Task<Dictionary<Guid, int>> BoundCountsAsync(FleetDbContext db, CancellationToken cancellationToken) =>
        await db.Set<DeviceOverridesRow>().AsNoTracking().GroupBy(o => o.TemplateId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private static Task<int> BoundCountAsync(FleetDbContext db, Guid templateId, CancellationToken cancellationToken) =>
        db.Set<DeviceOverridesRow>().CountAsync(o => o.TemplateId == templateId, cancellationToken);

    private static async Task<Dictionary<Guid, string>> DeviceNamesAsync(FleetDbContext db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        return await db.Devices.AsNoTracking().Where(d => list.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
    }

    private static ProblemHttpResult NotBound(Guid deviceId) =>
        TypedResults.Problem(statusCode: 404, title: "The device has no config template.",
            detail: $"Device {deviceId} in your tenant is not bound to a config template; bind it with PUT /api/devices/{deviceId}/config/overrides {{\"templateId\": ...}}.");

    private static string Word(DeviceKind kind) => kind.ToString().ToLowerInvariant();
}
