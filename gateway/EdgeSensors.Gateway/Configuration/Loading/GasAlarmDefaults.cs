using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>
/// GB/T 50493-2019 clause 5.5.2 set points: combustible gas first level at most 25 %LEL and second level at most
/// 50 %LEL; oxygen enrichment over 23.5 %VOL and deficiency under 19.5 %VOL. Toxic gas limits are 100 % and 200 % of
/// the gas's OEL, which only the site knows, so they have no default.
/// </summary>
internal static class GasAlarmDefaults
{
    public const string Clause = "GB/T 50493-2019 clause 5.5.2";

    public static string? Unit(GasKind gas) => gas switch
    {
        GasKind.Combustible => "%LEL",
        GasKind.Oxygen => "%VOL",
        _ => null,
    };

    /// <summary>The standard's set points for <paramref name="gas"/>, used when a limit is left out.</summary>
    public static IReadOnlyList<(AlarmLevel Level, double Value)> Limits(GasKind gas) => gas switch
    {
        GasKind.Combustible => [(AlarmLevel.HighHigh, 50), (AlarmLevel.High, 25)],
        GasKind.Oxygen => [(AlarmLevel.High, 23.5), (AlarmLevel.Low, 19.5)],
        _ => [],
    };

    /// <summary>
    /// Whether a site limit is at least as strict as the standard: a high limit may be lower than the standard's,
    /// a low limit higher; null when the standard says nothing about this level.
    /// </summary>
    public static bool? IsAsStrict(GasKind gas, AlarmLevel level, double value)
    {
        foreach ((AlarmLevel standardLevel, double standard) in Limits(gas))
        {
            if (standardLevel == level)
            {
                return level is AlarmLevel.High or AlarmLevel.HighHigh ? value <= standard : value >= standard;
            }
        }

        return null;
    }
}
