namespace EdgeSensors.Profiles.Model;

/// <summary>How much a set status bit matters: a fault makes readings untrustworthy, an alarm is the instrument's own alarm.</summary>
public enum Severity
{
    Info,
    Alarm,
    Fault,
}
