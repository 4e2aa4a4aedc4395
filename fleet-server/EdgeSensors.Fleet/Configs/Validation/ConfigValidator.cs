using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Fleet.Configs.Validation;

/// <summary>
/// Validates a gateway config body with the gateway's own loader (SiteConfigLoader) against the instrument profiles,
/// so the fleet server and the gateway can never disagree on what a valid config is.
/// </summary>
public sealed class ConfigValidator(IReadOnlyList<DeviceProfile> profiles)
{
    /// <summary>The name bodies are given in messages; relative paths in them stay relative (the gateway resolves them).</summary>
    public const string BodyName = "config.yaml";

    public IReadOnlyList<DeviceProfile> Profiles { get; } = profiles;

    /// <summary>The typed config, or null and every error with its key path.</summary>
    public SiteConfig? Validate(string yaml, out IReadOnlyList<ConfigProblem> problems)
    {
        ConfigResult result = SiteConfigLoader.Parse(yaml, BodyName, Profiles);
        problems = [.. result.Errors.Select(ToProblem)];
        return result.Config;
    }

    private static ConfigProblem ToProblem(YamlError error) =>
        new(ConfigProblem.Validation, error.Key, error.Message, error.Fix, error.Line, error.Column);
}
