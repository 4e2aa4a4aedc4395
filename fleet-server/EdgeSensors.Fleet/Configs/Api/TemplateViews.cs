using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>A template to create or replace: a whole config body for one device kind, for one site or (siteId null) every site.</summary>
public sealed record TemplateRequest(string Name, DeviceKind Kind, string Body, Guid? SiteId = null, string? Description = null);

/// <summary>Binds a device to a template with its overrides (a partial document; empty: the template as is).</summary>
public sealed record OverridesRequest(Guid TemplateId, string? Overrides = null);

/// <summary>Creates revisions from a template for the devices bound to it, narrowed to a site and/or a list of devices.</summary>
public sealed record TemplateRevisionRequest(string Message, Guid? SiteId = null, Guid[]? DeviceIds = null, bool AlarmImpacting = false);

public sealed record TemplateView(Guid Id, string Name, string? Description, DeviceKind Kind, Guid? SiteId, string Body, int BoundDevices,
    DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static TemplateView Of(ConfigTemplateRow t, int bound) =>
        new(t.Id, t.Name, t.Description, t.Kind, t.SiteId, t.Body, bound, t.CreatedAt, t.UpdatedAt, t.Version);
}

public sealed record OverridesView(Guid DeviceId, Guid TemplateId, string Overrides, DateTime UpdatedAt, int Version)
{
    public static OverridesView Of(DeviceOverridesRow o) => new(o.DeviceId, o.TemplateId, o.Overrides, o.UpdatedAt, o.Version);
}

/// <summary>Template + overrides, and whether the device's own schema accepts it (every problem with its key path).</summary>
public sealed record EffectiveConfigView(Guid DeviceId, Guid TemplateId, string TemplateName, DeviceKind Kind, string Body, string Sha256, bool Valid,
    IReadOnlyList<ConfigProblem> Problems);

/// <summary>What a template revision did for one device: "created" (with the number and state), "unchanged" or "refused" (with the problem).</summary>
public sealed record TemplateRevisionResult(Guid DeviceId, string DeviceName, string Outcome, int? Number, string? State, string? Problem,
    IReadOnlyList<ConfigProblem> Problems);

public sealed record TemplateRevisionsView(Guid TemplateId, IReadOnlyList<TemplateRevisionResult> Devices);
