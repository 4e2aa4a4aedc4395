using System.Globalization;
using EdgeSensors.Fleet.Configs.Documents;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Fleet.Configs.Diff;

/// <summary>
/// Field-level structural diff of two config bodies: the YAML trees are walked together, named list items are matched
/// by name (reordering devices is not a change), numbers compare by value (1 and 1.0 are equal), anything else by text.
/// </summary>
public static class ConfigDiff
{
    public static IReadOnlyList<FieldChange> Compare(string beforeYaml, string afterYaml) =>
        Compare(ConfigYaml.ParseMapping(beforeYaml, "before"), ConfigYaml.ParseMapping(afterYaml, "after"));

    public static IReadOnlyList<FieldChange> Compare(YamlNode before, YamlNode after)
    {
        var changes = new List<FieldChange>();
        Walk(string.Empty, before, after, changes);
        return changes;
    }

    private static void Walk(string path, YamlNode? before, YamlNode? after, List<FieldChange> changes)
    {
        if (before is null && after is null)
        {
            return;
        }

        if (before is null || after is null)
        {
            changes.Add(new FieldChange(path, before is null ? null : FlowText.Of(before), after is null ? null : FlowText.Of(after)));
            return;
        }

        switch (before, after)
        {
            case (YamlMappingNode b, YamlMappingNode a):
                WalkMapping(path, b, a, changes);
                break;
            case (YamlSequenceNode b, YamlSequenceNode a) when ConfigYaml.IsNamedList(b) && ConfigYaml.IsNamedList(a):
                WalkNamedList(path, b, a, changes);
                break;
            case (YamlSequenceNode b, YamlSequenceNode a):
                for (int i = 0; i < Math.Max(b.Children.Count, a.Children.Count); i++)
                {
                    Walk($"{path}[{i}]", i < b.Children.Count ? b.Children[i] : null, i < a.Children.Count ? a.Children[i] : null, changes);
                }

                break;
            case (YamlScalarNode b, YamlScalarNode a) when SameScalar(b.Value, a.Value):
                break;
            default:
                changes.Add(new FieldChange(path, FlowText.Of(before), FlowText.Of(after)));
                break;
        }
    }

    private static void WalkMapping(string path, YamlMappingNode before, YamlMappingNode after, List<FieldChange> changes)
    {
        var keys = new List<string>();
        foreach (YamlNode key in before.Children.Keys.Concat(after.Children.Keys))
        {
            string text = ((YamlScalarNode)key).Value ?? string.Empty;
            if (!keys.Contains(text))
            {
                keys.Add(text);
            }
        }

        foreach (string key in keys)
        {
            var node = new YamlScalarNode(key);
            before.Children.TryGetValue(node, out YamlNode? b);
            after.Children.TryGetValue(node, out YamlNode? a);
            Walk(path.Length == 0 ? key : $"{path}.{key}", b, a, changes);
        }
    }

    private static void WalkNamedList(string path, YamlSequenceNode before, YamlSequenceNode after, List<FieldChange> changes)
    {
        Dictionary<string, YamlNode> byName = after.Children.ToDictionary(i => ConfigYaml.ItemName(i)!, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlNode item in before.Children)
        {
            string name = ConfigYaml.ItemName(item)!;
            seen.Add(name);
            Walk($"{path}[{name}]", item, byName.GetValueOrDefault(name), changes);
        }

        foreach (YamlNode item in after.Children)
        {
            string name = ConfigYaml.ItemName(item)!;
            if (!seen.Contains(name))
            {
                Walk($"{path}[{name}]", null, item, changes);
            }
        }
    }

    private static bool SameScalar(string? before, string? after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return true;
        }

        return double.TryParse(before, NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
            && double.TryParse(after, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            && b.Equals(a);
    }
}
