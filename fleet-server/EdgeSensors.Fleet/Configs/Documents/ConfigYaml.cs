using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Fleet.Configs.Documents;

/// <summary>A config body as a YAML tree, for diff and merge; validation is the gateway loader's job, not this one's.</summary>
public static class ConfigYaml
{
    /// <summary>The root mapping of <paramref name="yaml"/>; throws <see cref="ConfigFormatException"/> when it is not one.</summary>
    public static YamlMappingNode ParseMapping(string yaml, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ConfigFormatException($"{what}: not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new ConfigFormatException($"{what}: the document must be one YAML mapping (gateway: ..., buses: [...], devices: [...])");
    }

    /// <summary>Block-style YAML text of <paramref name="root"/>.</summary>
    public static string Write(YamlNode root)
    {
        var stream = new YamlStream(new YamlDocument(root));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        string text = writer.ToString();

        // YamlStream ends a document with "...": a single document does not need it.
        const string End = "...\n";
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith(End, StringComparison.Ordinal) ? text[..^End.Length] : text;
    }

    /// <summary>True for a plain ~, null or empty scalar: YAML's null, used by overrides to delete a key.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>The scalar "name" of a mapping item, the key of named lists (devices, buses, tags, outputs).</summary>
    public static string? ItemName(YamlNode item) =>
        item is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("name"), out YamlNode? name) && name is YamlScalarNode { Value: { } text }
            ? text
            : null;

    /// <summary>True when every item is a mapping with a distinct scalar name, so items are matched by name, not position.</summary>
    public static bool IsNamedList(YamlSequenceNode list)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlNode item in list.Children)
        {
            if (ItemName(item) is not { } name || !seen.Add(name))
            {
                return false;
            }
        }

        return true;
    }
}
