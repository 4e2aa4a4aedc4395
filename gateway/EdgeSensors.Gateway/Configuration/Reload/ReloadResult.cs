using System.Collections.Immutable;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Reload;

/// <summary>What a reload did: applied the new config (<see cref="Current"/> is it) or kept <see cref="Previous"/> because of <see cref="Errors"/>.</summary>
public sealed record ReloadResult(bool Applied, SiteConfig Previous, SiteConfig Current, long Version, ImmutableArray<YamlError> Errors);
