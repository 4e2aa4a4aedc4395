using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Profiles.Loading;

/// <summary>
/// Typed, position-aware access to one YAML mapping. Every getter reports a problem to the sink with the key's
/// path and position and returns null, so one pass finds all errors in a file.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string path, ErrorSink sink, IReadOnlyCollection<string> knownKeys)
    {
        Node = node;
        Path = path;
        Sink = sink;
        foreach (KeyValuePair<YamlNode, YamlNode> entry in node.Children)
        {
            string key = entry.Key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : entry.Key.ToString();
            if (!knownKeys.Contains(key))
            {
                string? hint = KeyHints.Closest(key, knownKeys);
                string fix = hint is null ? $"known keys: {string.Join(", ", knownKeys)}" : $"did you mean '{hint}'?";
                sink.Add(entry.Key, Child(key), $"unknown key '{key}': {fix}");
                continue;
            }

            _entries[key] = (entry.Key, entry.Value);
        }
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    public ErrorSink Sink { get; }

    public string Child(string key) => string.IsNullOrEmpty(Path) ? key : $"{Path}.{key}";

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlNode? Value(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>The position of the key itself (for "missing partner" errors).</summary>
    public YamlNode? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    public string? String(string key, bool required = false)
    {
        YamlNode? node = Value(key);
        if (node is null)
        {
            if (required)
            {
                Sink.Add(Node, Child(key), $"missing required key '{key}'");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Sink.Add(node, Child(key), $"'{key}' must be a single value, not a list or mapping");
            return null;
        }

        return scalar.Value ?? string.Empty;
    }

    public long? Integer(string key, long min, long max, bool required = false)
    {
        string? text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!TryParseInteger(text, out long value))
        {
            Sink.Add(Value(key), Child(key), $"'{text}' is not an integer: write decimal (6) or hex (0x0006)");
            return null;
        }

        if (value < min || value > max)
        {
            Sink.Add(Value(key), Child(key), $"{value} is out of range: use {min} to {max}");
            return null;
        }

        return value;
    }

    public double? Number(string key, bool required = false)
    {
        string? text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            Sink.Add(Value(key), Child(key), $"'{text}' is not a number: write it like 0.1 or -40");
            return null;
        }

        return value;
    }

    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> names, bool required = false)
        where T : struct
    {
        string? text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out T value))
        {
            return value;
        }

        string choices = JoinChoices(names.Keys);
        string? hint = KeyHints.Closest(text, names.Keys);
        string suffix = hint is null ? string.Empty : $" (did you mean '{hint}'?)";
        Sink.Add(Value(key), Child(key), $"unknown {key} '{text}': use {choices}{suffix}");
        return null;
    }

    public YamlMap? Map(string key, IReadOnlyCollection<string> knownKeys, bool required = false)
    {
        YamlNode? node = Value(key);
        if (node is null)
        {
            if (required)
            {
                Sink.Add(Node, Child(key), $"missing required key '{key}'");
            }

            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Sink.Add(node, Child(key), $"'{key}' must be a mapping ({string.Join(", ", knownKeys.Select(k => k + ": ..."))})");
            return null;
        }

        return new YamlMap(mapping, Child(key), Sink, knownKeys);
    }

    public static bool TryParseInteger(string text, out long value)
    {
        text = text.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static string JoinChoices(IEnumerable<string> choices)
    {
        List<string> list = choices.ToList();
        return list.Count <= 1 ? string.Join(string.Empty, list) : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1];
    }
}
