using System.Collections.Concurrent;
using System.Text.Json;
using EdgeSensors.Fleet.Configs.Documents;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Configs.Templates;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Rollouts.Storage;

namespace EdgeSensors.Fleet.Rollouts;

/// <summary>
/// The config a rollout sends one device: the rollout's body (for a template rollout, the pinned template merged with
/// the device's overrides, as <see cref="EffectiveConfig"/> does for a template revision) with the device's identity
/// merged on top the same way (a gateway's gateway.id, a node's "node"; a device refuses a config for another id).
/// Kept per (rollout, device, overrides version) for the life of the process, because every step compares every
/// device's desired sha256 with it.
/// </summary>
public sealed class RolloutBodies
{
    private readonly ConcurrentDictionary<(Guid Rollout, string Device, Guid? Template, int Version, DateTime Updated), RolloutBody> _cache = new();

    /// <summary>The body for <paramref name="deviceId"/>; <paramref name="binding"/> is the device's template binding (used only by template rollouts).</summary>
    public RolloutBody For(RolloutRow row, string deviceId, DeviceOverridesRow? binding)
    {
        binding = row.TemplateId is null ? null : binding;
        return _cache.GetOrAdd((row.Id, deviceId, binding?.TemplateId, binding?.Version ?? 0, binding?.UpdatedAt ?? default), _ => Make(row, deviceId, binding));
    }

    /// <summary>Forgets a finished rollout's bodies.</summary>
    public void Forget(Guid rolloutId)
    {
        foreach (var key in _cache.Keys.Where(k => k.Rollout == rolloutId))
        {
            _cache.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Composes the body. A device bound to another template than the rollout's gets no body (its overrides were written
    /// for that template); one without a binding gets the template as it is.
    /// </summary>
    public static RolloutBody Make(RolloutRow row, string deviceId, DeviceOverridesRow? binding)
    {
        if (binding is not null && binding.TemplateId != row.TemplateId)
        {
            return RolloutBody.Refused($"device {deviceId} is bound to another config template ({binding.TemplateId}) than this rollout's '{row.TemplateName}'; "
                + "its overrides were written for that one. fix: bind it to this template (PUT /api/devices/{id}/config/overrides), or leave it out of the rollout's selector");
        }

        try
        {
            string merged = EffectiveConfig.Compose(row.Kind, row.Body, binding?.Overrides ?? "");
            string body = WithIdentity(row.Kind, merged, deviceId);
            return new RolloutBody(body, Sha256Text.Of(body), Sha256Text.Of(merged), null);
        }
        catch (ConfigFormatException ex)
        {
            return RolloutBody.Refused($"the overrides of device {deviceId} do not merge with the rollout's template: {ex.Message}. fix: correct them (PUT /api/devices/{{id}}/config/overrides)");
        }
    }

    /// <summary>
    /// <paramref name="body"/> with the device's identity merged on top: gateway.id for a gateway, "node" for a node;
    /// throws <see cref="ConfigFormatException"/> when the body does not parse.
    /// </summary>
    public static string WithIdentity(DeviceKind kind, string body, string deviceId) =>
        EffectiveConfig.Compose(kind, body, kind == DeviceKind.Node
            ? "{\"node\":" + JsonSerializer.Serialize(deviceId) + "}"
            : $"gateway:\n  id: {deviceId}\n");
}

/// <summary>
/// One device's config in a rollout: the body with its identity and its sha256, the sha256 before the identity (devices
/// whose configs differ only by identity share one safety check), or why no body could be made.
/// </summary>
public sealed record RolloutBody(string? Body, string Sha256, string BaseSha256, string? Refusal)
{
    public static RolloutBody Refused(string reason) => new(null, "", "", reason);
}
