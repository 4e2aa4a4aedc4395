namespace EdgeSensors.Telemetry.Messages;

/// <summary>What happened to an alarm. Wire names: "raised", "cleared", "acknowledged".</summary>
public enum AlarmState
{
    /// <summary>"raised": the condition became true.</summary>
    Raised = 0,

    /// <summary>"cleared": the condition became false (a latched alarm still waits for acknowledgement).</summary>
    Cleared = 1,

    /// <summary>"acknowledged": an operator acknowledged it.</summary>
    Acknowledged = 2,
}
