using EdgeSensors.Fleet.Configs.Documents;
using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Templates;

/// <summary>
/// A device's effective config: its template's body with its overrides merged on top (<see cref="TemplateMerge"/>),
/// written in the device kind's syntax (gateway YAML, node JSON). No overrides: the template's body exactly as stored.
/// </summary>
public static class EffectiveConfig
{
    /// <summary>The merged body; throws <see cref="ConfigFormatException"/> when either document does not parse.</summary>
    public static string Compose(DeviceKind kind, string template, string overrides)
    {
        if (string.IsNullOrWhiteSpace(overrides))
        {
            return template;
        }

        CheckSyntax(kind, overrides, "overrides");
        var merged = TemplateMerge.Merge(ConfigYaml.ParseMapping(template, "template"), ConfigYaml.ParseMapping(overrides, "overrides"));
        return kind == DeviceKind.Node ? ConfigJson.Write(merged) : ConfigYaml.Write(merged);
    }

    /// <summary>Throws <see cref="ConfigFormatException"/> unless <paramref name="document"/> is a mapping in <paramref name="kind"/>'s syntax.</summary>
    public static void CheckSyntax(DeviceKind kind, string document, string what)
    {
        if (kind == DeviceKind.Node)
        {
            ConfigJson.RequireObject(document, what);
        }
        else
        {
            ConfigYaml.ParseMapping(document, what);
        }
    }
}
