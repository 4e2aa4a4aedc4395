using System.Globalization;

namespace EdgeSensors.FaultTools;

/// <summary>"--name value" pairs with defaults; an unknown or malformed option is an error naming it.</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static ToolArguments Parse(string[] args)
    {
        var parsed = new ToolArguments();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException("expected --name value, got '" + args[i] + "'");
            }

            parsed._values[args[i][2..]] = args[i + 1];
        }

        return parsed;
    }

    public string Text(string name, string fallback) => _values.TryGetValue(name, out string? value) ? value : fallback;

    public string Required(string name) =>
        _values.TryGetValue(name, out string? value) ? value : throw new ArgumentException("--" + name + " is required");

    public long Long(string name, long fallback) =>
        _values.TryGetValue(name, out string? value) ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
