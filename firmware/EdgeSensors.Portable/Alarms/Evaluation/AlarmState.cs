namespace EdgeSensors.Alarms;

/// <summary>
/// The state of one alarm. Every state but <see cref="Normal"/> counts as active: it drives outputs and is reported.
/// The transitions are drawn in docs/alarms.md.
/// </summary>
public enum AlarmState
{
    /// <summary>No condition, nothing to acknowledge.</summary>
    Normal = 0,

    /// <summary>The condition is present and nobody has acknowledged it yet.</summary>
    ActiveUnacknowledged = 1,

    /// <summary>The condition is still present; an operator has acknowledged it.</summary>
    ActiveAcknowledged = 2,

    /// <summary>Latched: the condition has cleared but the alarm was never acknowledged, so it stays active until it is.</summary>
    ClearedUnacknowledged = 3,
}
