using System.Collections.Immutable;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads a device's 'tags:': which profile tags are published, their deadband and heartbeat, then their alarms.</summary>
internal sealed class PublishedTagReader(ErrorSink sink, DeviceProfile profile, string device, TimeSpan pollInterval)
{
    /// <summary>Without 'tags:' every measurement and status tag of the profile is published, with no alarms.</summary>
    public ImmutableArray<TagConfig> Defaults() =>
    [
        .. profile.Tags
            .Where(t => t.Kind is TagKind.Measurement or TagKind.Status)
            .Select(t => new TagConfig { Name = t.Name, Definition = t, Deadband = Deadband.None, Heartbeat = TimeSpan.FromSeconds(ConfigDefaults.HeartbeatSeconds) }),
    ];

    public ImmutableArray<TagConfig> ReadAll(YamlMap deviceMap)
    {
        var tags = ImmutableArray.CreateBuilder<TagConfig>();
        var names = new UniqueNames(sink, "tag");
        foreach (YamlMap map in ListItems.Read(deviceMap, "tags", "- name: ...", ConfigVocabulary.TagKeys, required: true))
        {
            if (Read(map) is TagConfig tag && names.Add(tag.Name, map, "name"))
            {
                tags.Add(tag);
            }
        }

        return tags.ToImmutable();
    }

    private TagConfig? Read(YamlMap map)
    {
        TagDefinition? definition = ReadDefinition(map);
        if (definition is null)
        {
            return null;
        }

        string label = $"{device} tag '{definition.Name}'";
        GasKind gas = ReadGas(map, definition, label);
        Deadband deadband = ReadDeadband(map.Map("deadband", ConfigVocabulary.DeadbandKeys), definition, label);
        double heartbeatSeconds = map.Number("heartbeat_s", 1, 86_400, "s") ?? ConfigDefaults.HeartbeatSeconds;
        if (TimeSpan.FromSeconds(heartbeatSeconds) < pollInterval)
        {
            map.Error("heartbeat_s", $"{label}: a heartbeat of {heartbeatSeconds} s is shorter than the device's poll interval of {pollInterval.TotalSeconds} s", $"set heartbeat_s to {pollInterval.TotalSeconds} s or more");
        }

        var context = new AlarmContext(profile.Id, definition, gas, label, pollInterval);
        AlarmConfig? alarms = new AlarmReader(sink).Read(map, context);
        return new TagConfig
        {
            Name = definition.Name,
            Definition = definition,
            Gas = gas,
            Deadband = deadband,
            Heartbeat = TimeSpan.FromSeconds(heartbeatSeconds),
            Alarms = alarms,
        };
    }

    private TagDefinition? ReadDefinition(YamlMap map)
    {
        string? name = map.String("name", required: true);
        if (name is null)
        {
            return null;
        }

        TagDefinition? definition = profile.FindTag(name);
        if (definition is null)
        {
            string[] known = [.. profile.Tags.Select(t => t.Name)];
            map.Error("name", $"{device}: profile '{profile.Id}' has no tag '{name}'", $"use one of {string.Join(", ", known)}{KeyHints.Suffix(name, known)}");
        }

        return definition;
    }

    private GasKind ReadGas(YamlMap map, TagDefinition definition, string label)
    {
        GasKind? gas = map.Enum("gas", ConfigVocabulary.Gases);
        if (gas is null)
        {
            return GasKind.None;
        }

        if (definition.Kind != TagKind.Measurement)
        {
            map.Error("gas", $"{label} is a {definition.Kind.ToString().ToLowerInvariant()} tag, not a gas reading", "put 'gas' on the instrument's concentration (measurement) tag");
            return GasKind.None;
        }

        string? needed = GasAlarmDefaults.Unit(gas.Value);
        IReadOnlyList<string> units = TagUnits.Possible(definition);
        if (needed is not null && !units.Contains(needed))
        {
            string has = units.Count == 0 ? "no unit" : "unit " + string.Join(" or ", units);
            map.Error("gas", $"{label} has {has} in profile '{profile.Id}', but {gas.Value.ToString().ToLowerInvariant()} gas limits are in {needed}", $"remove 'gas', or pick the tag that reads {needed}");

            // The standard's limits would be in the wrong unit: checking them against this tag only adds noise.
            return GasKind.None;
        }

        return gas.Value;
    }

    private Deadband ReadDeadband(YamlMap? map, TagDefinition definition, string label)
    {
        if (map is null)
        {
            return Deadband.None;
        }

        string unit = TagUnits.Text(definition, GasKind.None);
        double? absolute = map.Number("absolute", 0, double.MaxValue, unit);
        double? percent = map.Number("percent", 0, 100, "%");
        if (map.Has("absolute") == map.Has("percent"))
        {
            sink.Add(map.Node, map.Path, $"{label}: a deadband is either absolute or percent", $"write deadband: {{ absolute: 0.5 }} (in {(unit.Length == 0 ? "the tag's unit" : unit)}) or deadband: {{ percent: 1 }} (of the instrument's range)");
            return Deadband.None;
        }

        if (absolute is not null)
        {
            return new Deadband(DeadbandKind.Absolute, absolute.Value, absolute.Value);
        }

        if (percent is null)
        {
            return Deadband.None;
        }

        if (definition.Range is null)
        {
            map.Error("percent", $"{label}: a percent deadband is of the instrument's range, and profile '{profile.Id}' gives tag '{definition.Name}' no range", "use deadband: { absolute: ... } in the tag's unit instead");
            return Deadband.None;
        }

        double span = definition.Range.Max - definition.Range.Min;
        return new Deadband(DeadbandKind.Percent, percent.Value, span * percent.Value / 100);
    }
}
