namespace EdgeSensors.Fleet.Configs.Safety;

/// <summary>Level units a tank record and a level tag may use; converts between them so HH and overfill compare.</summary>
internal static class LengthUnits
{
    private static readonly Dictionary<string, double> Metres = new(StringComparer.OrdinalIgnoreCase)
    {
        ["m"] = 1,
        ["cm"] = 0.01,
        ["mm"] = 0.001,
    };

    /// <summary><paramref name="value"/> in <paramref name="to"/>: as it is in the same unit, converted between m, cm and mm, else null.</summary>
    public static double? Convert(double value, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return value;
        }

        return Metres.TryGetValue(from, out double f) && Metres.TryGetValue(to, out double t) ? value * f / t : null;
    }
}
