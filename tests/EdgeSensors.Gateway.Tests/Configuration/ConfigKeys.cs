using System.Globalization;
using System.Text.Json;
using EdgeSensors.Gateway.Configuration.Loading;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>The key paths the loader accepts ("devices[].tags[].alarms.hh"), and the same read out of the schema.</summary>
internal static class ConfigKeys
{
    public static IReadOnlyList<string> Accepted { get; } =
        [.. ConfigVocabulary.Sections.SelectMany(s => s.Value.Select(k => s.Key.Length == 0 ? k : s.Key + "." + k)).Order(StringComparer.Ordinal)];

    /// <summary>Every property of the schema by key path, with its ($ref-resolved) subschema.</summary>
    public static SortedDictionary<string, JsonElement> InSchema(JsonElement root)
    {
        var found = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        WalkObject(root, string.Empty, root, found);
        return found;
    }

    /// <summary>A default as the docs and the schema write it.</summary>
    public static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("G15", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static void WalkObject(JsonElement node, string path, JsonElement root, SortedDictionary<string, JsonElement> found)
    {
        if (!node.TryGetProperty("properties", out JsonElement properties))
        {
            return;
        }

        foreach (JsonProperty property in properties.EnumerateObject())
        {
            string child = path.Length == 0 ? property.Name : path + "." + property.Name;
            JsonElement value = Resolve(property.Value, root);
            found[child] = value;
            if (value.TryGetProperty("items", out JsonElement items))
            {
                WalkObject(Resolve(items, root), child + "[]", root, found);
                continue;
            }

            WalkObject(value, child, root, found);

            // A key that takes either a value or a mapping (fault_alarm: true | { on: [...] }).
            if (value.TryGetProperty("anyOf", out JsonElement alternatives))
            {
                foreach (JsonElement alternative in alternatives.EnumerateArray())
                {
                    WalkObject(Resolve(alternative, root), child, root, found);
                }
            }
        }
    }

    private static JsonElement Resolve(JsonElement node, JsonElement root)
    {
        if (!node.TryGetProperty("$ref", out JsonElement reference))
        {
            return node;
        }

        JsonElement target = root;
        foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(part);
        }

        return Resolve(target, root);
    }
}
