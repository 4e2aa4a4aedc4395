using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Fleet.Configs.Documents;

/// <summary>
/// A node config document is JSON, which YAML reads as flow style, so diff and merge work on the same tree; this turns
/// a merged tree back into compact JSON. Quoted scalars stay strings; plain ones are numbers, true/false or null when
/// they read as such.
/// </summary>
public static class ConfigJson
{
    public static string Write(YamlNode root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteNode(writer, root);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Throws <see cref="ConfigFormatException"/> unless <paramref name="json"/> is one JSON object.</summary>
    public static void RequireObject(string json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigFormatException($"{what}: the node config document must be one JSON object ({{\"node\": ..., \"devices\": [...]}})");
            }
        }
        catch (JsonException ex)
        {
            throw new ConfigFormatException($"{what}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}");
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? "");
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode list:
                writer.WriteStartArray();
                foreach (var item in list.Children)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new ConfigFormatException($"unsupported YAML node {node.NodeType} in a node config");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted)
        {
            writer.WriteStringValue(text);
        }
        else if (ConfigYaml.IsNull(scalar))
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "false")
        {
            writer.WriteBooleanValue(text == "true");
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !text.Contains("Infinity", StringComparison.OrdinalIgnoreCase)
                 && !text.Contains("NaN", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteRawValue(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }
}
