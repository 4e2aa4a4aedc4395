using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>The engineering units a profile tag can report, for messages and preset checks.</summary>
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

    /// <summary>The unit of the tag's values and limits: the fixed unit, the preset's unit, or the only possible one; else empty.</summary>
    public static string Text(TagDefinition tag, GasPreset preset)
    {
        if (tag.Unit is not null)
        {
            return tag.Unit;
        }

        if (GasPresets.Unit(preset) is string presetUnit)
        {
            return presetUnit;
        }

        IReadOnlyList<string> possible = Possible(tag);
        return possible.Count == 1 ? possible[0] : string.Empty;
    }

    /// <summary>"25 %LEL", "10.5 m", "3" (no unit known).</summary>
    public static string Value(double value, string unit) =>
        unit.Length == 0 ? YamlMap.Format(value) : $"{YamlMap.Format(value)} {unit}";
}
