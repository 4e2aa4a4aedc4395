namespace EdgeSensors.Alarms;

/// <summary>What happened to an alarm. Each event carries the state the alarm is in afterwards.</summary>
public enum AlarmEventType
{
    /// <summary>The condition held for the on-delay: the alarm is now active and unacknowledged.</summary>
    Raised = 0,

    /// <summary>A latched, unacknowledged alarm's condition cleared (after the off-delay); it stays active until acknowledged.</summary>
    Returned = 1,

    /// <summary>An operator acknowledged the alarm (an ack of a latched, cleared alarm is followed by <see cref="Cleared"/>).</summary>
    Acknowledged = 2,

    /// <summary>The alarm is back to <see cref="AlarmState.Normal"/>.</summary>
    Cleared = 3,
}
