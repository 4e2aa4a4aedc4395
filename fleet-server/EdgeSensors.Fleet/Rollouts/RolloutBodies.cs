using System.Collections.Concurrent;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Templates;

namespace EdgeSensors.Fleet.Rollouts;

/// <summary>
/// The config a rollout sends one device: the rollout's body with gateway.id set to the device's id (a gateway refuses
/// a config for another id), and its sha256. Computed once per (rollout, device) and kept for the life of the process,
/// because every step compares every device's desired sha256 with it.
/// </summary>
public sealed class RolloutBodies
{
    private readonly ConcurrentDictionary<(Guid Rollout, string Device), (string Body, string Sha256)> _cache = new();

    public (string Body, string Sha256) For(Guid rolloutId, string template, string deviceId) =>
        _cache.GetOrAdd((rolloutId, deviceId), key => Make(template, key.Device));

    /// <summary>Forgets a finished rollout's bodies.</summary>
    public void Forget(Guid rolloutId)
    {
        foreach (var key in _cache.Keys.Where(k => k.Rollout == rolloutId))
        {
            _cache.TryRemove(key, out _);
        }
    }

    public static (string Body, string Sha256) Make(string template, string deviceId)
    {
        string body = TemplateMerge.Apply(template, $"gateway:\n  id: {deviceId}\n");
        return (body, Sha256Text.Of(body));
    }
}
