using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Yaml;

/// <summary>
/// Typed, position-aware access to one YAML mapping. Every getter reports a problem to the sink with the key's
/// path, position and fix, and returns null, so one pass finds all errors in a file. Unknown keys are reported
/// when the map is created, with the closest known key as a suggestion.
/// </summary>
public sealed class YamlMap
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
                string fix = hint is null ? $"known keys here: {string.Join(", ", knownKeys)}" : $"did you mean '{hint}'?";
                sink.Add(entry.Key, Child(key), $"unknown key '{key}'", fix);
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

    /// <summary>Reports a problem with <paramref name="key"/>'s value (or with this map when the key is absent).</summary>
    public void Error(string key, string message, string? fix = null) =>
        Sink.Add(Value(key) ?? Node, Child(key), message, fix);

    public string? String(string key, bool required = false)
    {
        YamlNode? node = Value(key);
        if (node is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Sink.Add(node, Child(key), $"'{key}' must be a single value, not a list or mapping", $"write it on one line, e.g. {key}: ...");
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
            Sink.Add(Value(key), Child(key), $"'{text}' is not an integer", "write decimal (6) or hex (0x0006)");
            return null;
        }

        if (value < min || value > max)
        {
            Sink.Add(Value(key), Child(key), $"{value} is out of range", $"use {min} to {max}");
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
            Sink.Add(Value(key), Child(key), $"'{text}' is not a number", "write it like 0.1 or -40");
            return null;
        }

        return value;
    }

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="unit"/> is named in the fix.</summary>
    public double? Number(string key, double min, double max, string unit, bool required = false)
    {
        double? value = Number(key, required);
        if (value is null)
        {
            return null;
        }

        if (value < min || value > max)
        {
            string suffix = unit.Length == 0 ? string.Empty : " " + unit;
            Sink.Add(Value(key), Child(key), $"{Format(value.Value)}{suffix} is out of range", $"use {Format(min)} to {Format(max)}{suffix}");
            return null;
        }

        return value;
    }

    public bool? Boolean(string key, bool required = false)
    {
        string? text = String(key, required);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Report(text),
        };

        bool? Report(string given)
        {
            Sink.Add(Value(key), Child(key), $"'{given}' is not a boolean", "write true or false");
            return null;
        }
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

        Sink.Add(Value(key), Child(key), $"unknown {key} '{text}'", $"use {JoinChoices(names.Keys)}{KeyHints.Suffix(text, names.Keys)}");
        return null;
    }

    public YamlMap? Map(string key, IReadOnlyCollection<string> knownKeys, bool required = false)
    {
        YamlNode? node = Value(key);
        if (node is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Sink.Add(node, Child(key), $"'{key}' must be a mapping", $"write {key}: {{ {string.Join(", ", knownKeys.Select(k => k + ": ..."))} }}");
            return null;
        }

        return new YamlMap(mapping, Child(key), Sink, knownKeys);
    }

    /// <summary>The items of a list; <paramref name="itemShape"/> shows one item in the fix, e.g. "- name: ...".</summary>
    public IReadOnlyList<YamlNode>? Sequence(string key, string itemShape, bool required = false)
    {
        YamlNode? node = Value(key);
        if (node is null)
        {
            if (required)
            {
                Missing(key);
            }

            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Sink.Add(node, Child(key), $"'{key}' must be a list", $"write each item on its own line starting with '{itemShape}'");
            return null;
        }

        return [.. sequence.Children];
    }

    /// <summary>The path of the <paramref name="index"/>th item of list <paramref name="key"/>, e.g. "devices[2]".</summary>
    public string Item(string key, int index) => $"{Child(key)}[{index}]";

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

    /// <summary>A number as a person writes it: 0.1, 25, 1E+20 (invariant culture).</summary>
    public static string Format(double value) => value.ToString("G15", CultureInfo.InvariantCulture);

    private void Missing(string key)
    {
        string where = string.IsNullOrEmpty(Path) ? "at the top level" : $"under {Path}";
        Sink.Add(Node, Child(key), $"missing required key '{key}'", $"add '{key}: ...' {where}");
    }
}
