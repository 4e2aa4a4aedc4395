using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>The engineering units a profile tag can report, for messages and gas checks.</summary>
internal static class TagUnits
{
    /// <summary>The fixed unit, or every unit its unit code can select.</summary>
    public static IReadOnlyList<string> Possible(TagDefinition tag)
    {
        if (tag.Unit is not null)
        {
            return [tag.Unit];
        }

        return tag.UnitFrom is null ? [] : [.. tag.UnitFrom.Codes.Values.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The unit to print after a limit: the fixed unit, the gas's unit, or the only possible one; else empty.</summary>
    public static string Text(TagDefinition tag, GasKind gas)
    {
        if (tag.Unit is not null)
        {
            return tag.Unit;
        }

        if (GasAlarmDefaults.Unit(gas) is string gasUnit)
        {
            return gasUnit;
        }

        IReadOnlyList<string> possible = Possible(tag);
        return possible.Count == 1 ? possible[0] : string.Empty;
    }

    /// <summary>"25 %LEL", "10.5 m", "3" (no unit known).</summary>
    public static string Value(double value, string unit) =>
        unit.Length == 0 ? EdgeSensors.Yaml.YamlMap.Format(value) : $"{EdgeSensors.Yaml.YamlMap.Format(value)} {unit}";
}
