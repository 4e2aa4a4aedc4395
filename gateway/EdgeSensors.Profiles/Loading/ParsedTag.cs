using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Profiles.Loading;

internal sealed record ParsedTag(TagDefinition Tag, YamlMap Map);
