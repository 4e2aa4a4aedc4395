using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>
/// The alarm core's GB/T 50493-2019 presets (<see cref="GasAlarmDefaults"/>) seen from the config: which unit a tag
/// must read for each, and the preset's alarms for a tag.
/// </summary>
internal static class GasPresets
{
    public const string Clause = "GB/T 50493-2019 clause 5.5.2";

    /// <summary>The unit the preset's set points are in; null when they are in the tag's own unit (toxic gas).</summary>
    public static string? Unit(GasPreset preset) => preset switch
    {
        GasPreset.CombustibleGas => GasAlarmDefaults.PercentLel,
        GasPreset.OpenPathCombustible => GasAlarmDefaults.LelMetre,
        GasPreset.Oxygen => GasAlarmDefaults.PercentVol,
        _ => null,
    };

    /// <summary>The key that gives a toxic preset its basis: oel or idlh; null for the others.</summary>
    public static string? BasisKey(GasPreset preset) => preset switch
    {
        GasPreset.ToxicGas => "oel",
        GasPreset.ToxicGasIdlh => "idlh",
        _ => null,
    };

    /// <summary>The preset's alarms for <paramref name="tag"/>; null for <see cref="GasPreset.None"/> or a toxic preset without its basis.</summary>
    public static TagAlarmConfig? Build(GasPreset preset, string tag, string unit, double? basis) => preset switch
    {
        GasPreset.CombustibleGas => GasAlarmDefaults.Combustible(tag),
        GasPreset.OpenPathCombustible => GasAlarmDefaults.OpenPathCombustible(tag),
        GasPreset.Oxygen => GasAlarmDefaults.Oxygen(tag),
        GasPreset.ToxicGas when basis is not null => GasAlarmDefaults.Toxic(tag, unit, basis.Value),
        GasPreset.ToxicGasIdlh when basis is not null => GasAlarmDefaults.ToxicByIdlh(tag, unit, basis.Value),
        _ => null,
    };
}
