namespace EdgeSensors.Fleet.Configs.Safety;

/// <summary>The names of the safety rules, as they appear in a 422 problem's "rule" member and in docs/config-rollout.md.</summary>
public static class SafetyRule
{
    /// <summary>An alarm the active revision has (a limit, the rate alarm or the fault alarm) is gone or switched off.</summary>
    public const string AlarmRemoved = "alarm_removed";

    /// <summary>A limit lies outside the instrument's measuring range from its profile, so it can never be reached.</summary>
    public const string LimitOutsideRange = "limit_outside_range";

    /// <summary>A tank level's HH limit lies above the tank's overfill level: the alarm would come after the spill.</summary>
    public const string HighHighAboveOverfill = "hh_above_overfill";
}
