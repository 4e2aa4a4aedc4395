namespace EdgeSensors.Alarms;

/// <summary>When an output is on, given the states of the alarms that drive it.</summary>
public enum OutputMode
{
    /// <summary>
    /// For relays (cut-off valves, pump trips) and beacons: on while any driving alarm is not normal. An acknowledgement
    /// does not switch it off; it goes off when the condition clears (and, for a latched alarm, it has been acknowledged).
    /// </summary>
    WhileActive = 0,

    /// <summary>
    /// For buzzers and horns: on while any driving alarm waits for an acknowledgement. Acknowledging silences it while
    /// the condition may persist; a new raise sounds it again.
    /// </summary>
    UntilAcknowledged = 1,
}
