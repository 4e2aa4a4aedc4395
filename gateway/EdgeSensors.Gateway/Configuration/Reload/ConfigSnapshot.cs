using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Configuration.Reload;

/// <summary>
/// The configuration in force. A reload validates the new text completely first and swaps the whole
/// <see cref="SiteConfig"/> in one reference write, or keeps the current one when there is any error: readers see
/// the old config or the new one, never a mix. Restarting pollers and the uplink on a change comes later.
/// </summary>
public sealed class ConfigSnapshot
{
    private readonly Lock _reloading = new();
    private Applied _current;

    public ConfigSnapshot(SiteConfig initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = new Applied(initial, 1);
    }

    /// <summary>The config in force; take it once per cycle and use that instance throughout.</summary>
    public SiteConfig Current => Volatile.Read(ref _current).Config;

    /// <summary>1 for the initial config, +1 for each applied reload.</summary>
    public long Version => Volatile.Read(ref _current).Version;

    /// <summary>Validates <paramref name="yaml"/> against <paramref name="profiles"/> and applies it only if it has no error.</summary>
    public ReloadResult Reload(string yaml, string fileName, IReadOnlyList<DeviceProfile> profiles)
    {
        // Validation runs outside the lock: it is the slow part and touches nothing shared.
        ConfigResult result = SiteConfigLoader.Parse(yaml, fileName, profiles);
        lock (_reloading)
        {
            Applied before = _current;
            if (!result.IsValid)
            {
                return new ReloadResult(false, before.Config, before.Config, before.Version, result.Errors);
            }

            var after = new Applied(result.Config, before.Version + 1);
            Volatile.Write(ref _current, after);
            return new ReloadResult(true, before.Config, after.Config, after.Version, []);
        }
    }

    /// <summary>Config and version travel together so a reader never pairs one with the other's partner.</summary>
    private sealed record Applied(SiteConfig Config, long Version);
}
