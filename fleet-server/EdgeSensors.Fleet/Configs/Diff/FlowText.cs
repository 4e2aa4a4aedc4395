using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Fleet.Configs.Diff;

/// <summary>A node on one line, YAML flow style: a scalar as itself, {a: 1, b: [x, y]} for collections.</summary>
internal static class FlowText
{
    public static string Of(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        YamlSequenceNode list => "[" + string.Join(", ", list.Children.Select(Of)) + "]",
        YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(p => Of(p.Key) + ": " + Of(p.Value))) + "}",
        _ => node.ToString(),
    };
}
