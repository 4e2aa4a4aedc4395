using System.Globalization;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>"--name value" options of a console benchmark mode, with defaults.</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private BenchArguments()
    {
    }

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArguments();
        for (int i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException("expected --name value, got '" + args[i] + "'");
            }

            string name = args[i][2..];
            bool hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._values[name] = hasValue ? args[++i] : "true";
        }

        return parsed;
    }

    public string Text(string name, string fallback)
    {
        return _values.TryGetValue(name, out string? value) ? value : fallback;
    }

    public int Int(string name, int fallback)
    {
        return _values.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }

    public double Double(string name, double fallback)
    {
        return _values.TryGetValue(name, out string? value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }

    public bool Flag(string name)
    {
        return _values.ContainsKey(name);
    }
}
