using System.Collections.Immutable;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads a device's 'tags:': which profile tags are published, their deadband and heartbeat, then their alarms.</summary>
internal sealed class PublishedTagReader(ErrorSink sink, DeviceProfile profile, string deviceName, string device, TimeSpan pollInterval)
{
    /// <summary>Without 'tags:' every measurement and status tag of the profile is published, with no alarms.</summary>
    public ImmutableArray<TagConfig> Defaults() =>
    [
        .. profile.Tags
            .Where(t => t.Kind is TagKind.Measurement or TagKind.Status)
            .Select(t => new TagConfig { Name = t.Name, Definition = t, Unit = TagUnits.Text(t, GasPreset.None), Deadband = Deadband.None, Heartbeat = TimeSpan.FromSeconds(ConfigDefaults.HeartbeatSeconds) }),
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
        double heartbeatSeconds = map.Number("heartbeat_s", 1, 86_400, "s") ?? ConfigDefaults.HeartbeatSeconds;
        if (TimeSpan.FromSeconds(heartbeatSeconds) < pollInterval)
        {
            map.Error("heartbeat_s", $"{label}: a heartbeat of {YamlMap.Format(heartbeatSeconds)} s is shorter than the device's poll interval of {YamlMap.Format(pollInterval.TotalSeconds)} s", $"set heartbeat_s to {YamlMap.Format(pollInterval.TotalSeconds)} s or more");
        }

        var context = new AlarmContext(profile.Id, definition, label, $"{deviceName}/{definition.Name}", pollInterval);
        AlarmConfig? alarms = new AlarmReader(sink).Read(map, context);
        string unit = TagUnits.Text(definition, alarms?.Preset ?? GasPreset.None);
        return new TagConfig
        {
            Name = definition.Name,
            Definition = definition,
            Unit = unit,
            Deadband = ReadDeadband(map.Map("deadband", ConfigVocabulary.DeadbandKeys), unit, label),
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

    private Deadband ReadDeadband(YamlMap? map, string unit, string label)
    {
        if (map is null)
        {
            return Deadband.None;
        }

        double? absolute = map.Number("absolute", 0, double.MaxValue, unit);
        double? percent = map.Number("percent", 0, 100, "%");
        if (map.Has("absolute") == map.Has("percent"))
        {
            sink.Add(map.Node, map.Path, $"{label}: a deadband is either absolute or percent", $"write deadband: {{ absolute: 0.5 }} (in {(unit.Length == 0 ? "the tag's unit" : unit)}) or deadband: {{ percent: 1 }} (of the instrument's range)");
            return Deadband.None;
        }

        // A percent deadband is of the profile's range; the poller falls back to the last published value without one.
        return absolute is not null ? Deadband.Absolute(absolute.Value)
            : percent is not null ? Deadband.Percent(percent.Value)
            : Deadband.None;
    }
}
