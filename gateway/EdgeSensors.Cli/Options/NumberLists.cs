using System.Globalization;

namespace EdgeSensors.Cli.Options;

/// <summary>Parses the small list syntaxes of the CLI: "9600,19200", "1-247", "1,3,10-12", "3:250".</summary>
public static class NumberLists
{
    /// <summary>Comma-separated numbers and inclusive ranges within [min, max], in the order given, without duplicates.</summary>
    public static bool TryParseRanges(string? text, int min, int max, out IReadOnlyList<int> values, out string? error)
    {
        var result = new List<int>();
        values = result;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected a list such as 1-247 or 1,3,10-12";
            return false;
        }

        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            string firstText = dash < 0 ? part : part[..dash];
            string lastText = dash < 0 ? part : part[(dash + 1)..];
            if (!TryParseInt(firstText, out int first) || !TryParseInt(lastText, out int last) || first > last)
            {
                error = $"'{part}' is not a number or a range like 1-10";
                return false;
            }

            if (first < min || last > max)
            {
                error = $"'{part}' is outside {min}-{max}";
                return false;
            }

            for (int v = first; v <= last; v++)
            {
                if (!result.Contains(v))
                {
                    result.Add(v);
                }
            }
        }

        if (result.Count == 0)
        {
            error = "the list is empty";
            return false;
        }

        return true;
    }

    /// <summary>"UNIT:NUMBER" (e.g. "3:250"); with <paramref name="numberOptional"/>, a bare "UNIT" gives <paramref name="defaultNumber"/>.</summary>
    public static bool TryParseUnitPair(string? text, bool numberOptional, double defaultNumber, out byte unit, out double number, out string? error)
    {
        unit = 0;
        number = defaultNumber;
        error = null;
        string[] parts = (text ?? string.Empty).Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length > 2 || (parts.Length == 1 && !numberOptional))
        {
            error = numberOptional ? $"'{text}': expected UNIT or UNIT:VALUE" : $"'{text}': expected UNIT:VALUE";
            return false;
        }

        if (!TryParseInt(parts[0], out int unitValue) || unitValue is < 0 or > 255)
        {
            error = $"'{text}': the unit must be 0-255";
            return false;
        }

        unit = (byte)unitValue;
        if (parts.Length == 2
            && !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            error = $"'{text}': '{parts[1]}' is not a number";
            return false;
        }

        return true;
    }

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
