using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Loading;

internal sealed record ParsedTag(TagDefinition Tag, YamlMap Map);
