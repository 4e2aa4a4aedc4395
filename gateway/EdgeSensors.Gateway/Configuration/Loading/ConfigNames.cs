using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Names of buses, devices and outputs: they end up in MQTT topics and output references, so they are kept plain.</summary>
internal static class ConfigNames
{
    public const int MaxLength = 64;

    /// <summary>Reads a required name and reports it when it is not letters, digits, '-' and '_'.</summary>
    public static string? Read(YamlMap map, string key, string what, string example)
    {
        string? name = map.String(key, required: true);
        if (name is null)
        {
            return null;
        }

        if (!IsValid(name))
        {
            map.Error(key, $"{what} '{name}' must be 1-{MaxLength} letters, digits, '-' or '_', starting with a letter or digit", $"it is used in MQTT topics and references: write e.g. {example}");
            return null;
        }

        return name;
    }

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>Reports the second use of a name, pointing at the first.</summary>
internal sealed class UniqueNames(ErrorSink sink, string what)
{
    private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _lines.Keys;

    /// <summary>False (after reporting) when <paramref name="name"/> was already used.</summary>
    public bool Add(string name, YamlMap map, string key)
    {
        YamlNode node = map.Value(key) ?? map.Node;
        if (_lines.TryGetValue(name, out long line))
        {
            sink.Add(node, map.Child(key), $"{what} name '{name}' is already used on line {line}", $"give each {what} its own name");
            return false;
        }

        _lines[name] = node.Start.Line;
        return true;
    }
}
