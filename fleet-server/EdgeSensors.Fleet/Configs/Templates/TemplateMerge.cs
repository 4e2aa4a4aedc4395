using EdgeSensors.Fleet.Configs.Documents;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Fleet.Configs.Templates;

/// <summary>
/// A device's config = its template, then its overrides on top. Mappings merge key by key; a key set to null (~) in
/// the overrides is removed; named lists (buses, devices, tags, outputs) merge item by item on their name, and items
/// with a new name are appended; any other value, including an unnamed list, is replaced by the override's.
/// The inputs are never modified.
/// </summary>
public static class TemplateMerge
{
    public static string Apply(string templateYaml, string overridesYaml)
    {
        YamlMappingNode template = ConfigYaml.ParseMapping(templateYaml, "template");
        YamlMappingNode overrides = ConfigYaml.ParseMapping(overridesYaml, "overrides");
        return ConfigYaml.Write(Merge(template, overrides));
    }

    public static YamlNode Merge(YamlNode template, YamlNode overrides) => (template, overrides) switch
    {
        (YamlMappingNode t, YamlMappingNode o) => MergeMapping(t, o),
        (YamlSequenceNode t, YamlSequenceNode o) when ConfigYaml.IsNamedList(t) && ConfigYaml.IsNamedList(o) => MergeNamedList(t, o),
        _ => Copy(overrides),
    };

    private static YamlMappingNode MergeMapping(YamlMappingNode template, YamlMappingNode overrides)
    {
        var result = new YamlMappingNode();
        foreach (var (key, value) in template.Children)
        {
            if (!overrides.Children.TryGetValue(key, out YamlNode? replacement))
            {
                result.Add(Copy(key), Copy(value));
            }
            else if (!ConfigYaml.IsNull(replacement))
            {
                result.Add(Copy(key), Merge(value, replacement));
            }
        }

        foreach (var (key, value) in overrides.Children)
        {
            if (!template.Children.ContainsKey(key) && !ConfigYaml.IsNull(value))
            {
                result.Add(Copy(key), Copy(value));
            }
        }

        return result;
    }

    private static YamlSequenceNode MergeNamedList(YamlSequenceNode template, YamlSequenceNode overrides)
    {
        Dictionary<string, YamlNode> byName = overrides.Children.ToDictionary(i => ConfigYaml.ItemName(i)!, StringComparer.Ordinal);
        var result = new YamlSequenceNode();
        foreach (YamlNode item in template.Children)
        {
            result.Add(byName.TryGetValue(ConfigYaml.ItemName(item)!, out YamlNode? over) ? Merge(item, over) : Copy(item));
        }

        var inTemplate = template.Children.Select(i => ConfigYaml.ItemName(i)!).ToHashSet(StringComparer.Ordinal);
        foreach (YamlNode item in overrides.Children.Where(i => !inTemplate.Contains(ConfigYaml.ItemName(i)!)))
        {
            result.Add(Copy(item));
        }

        return result;
    }

    private static YamlNode Copy(YamlNode node) => node switch
    {
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style },
        YamlSequenceNode l => new YamlSequenceNode(l.Children.Select(Copy)) { Style = l.Style },
        YamlMappingNode m => CopyMapping(m),
        _ => throw new ConfigFormatException($"unsupported YAML node {node.NodeType} (aliases are not allowed in configs)"),
    };

    private static YamlMappingNode CopyMapping(YamlMappingNode map)
    {
        var copy = new YamlMappingNode { Style = map.Style };
        foreach (var (key, value) in map.Children)
        {
            copy.Add(Copy(key), Copy(value));
        }

        return copy;
    }
}
