namespace EdgeSensors.Alarms;

/// <summary>Names and one-line descriptions of alarms for logs, the technician CLI and the local display.</summary>
public static class AlarmText
{
    /// <summary>The operator's short name: HH, H, L, LL, rate, fault.</summary>
    public static string Name(AlarmKind kind)
    {
        switch (kind)
        {
            case AlarmKind.HighHigh: return "HH";
            case AlarmKind.High: return "H";
            case AlarmKind.Low: return "L";
            case AlarmKind.LowLow: return "LL";
            case AlarmKind.RateOfChange: return "rate";
            case AlarmKind.SensorFault: return "fault";
            default: return "alarm " + (int)kind;
        }
    }

    /// <summary>The site-config key that sets this alarm (see docs/alarms.md).</summary>
    public static string ConfigKey(AlarmKind kind)
    {
        switch (kind)
        {
            case AlarmKind.HighHigh: return "limits.hh";
            case AlarmKind.High: return "limits.h";
            case AlarmKind.Low: return "limits.l";
            case AlarmKind.LowLow: return "limits.ll";
            case AlarmKind.RateOfChange: return "rate";
            case AlarmKind.SensorFault: return "fault_alarm";
            default: return "alarm " + (int)kind;
        }
    }

    public static string Name(AlarmState state)
    {
        switch (state)
        {
            case AlarmState.Normal: return "normal";
            case AlarmState.ActiveUnacknowledged: return "active, unacknowledged";
            case AlarmState.ActiveAcknowledged: return "active, acknowledged";
            case AlarmState.ClearedUnacknowledged: return "cleared, latched until acknowledged";
            default: return "state " + (int)state;
        }
    }

    public static string Name(AlarmEventType type)
    {
        switch (type)
        {
            case AlarmEventType.Raised: return "raised";
            case AlarmEventType.Returned: return "returned to normal, latched";
            case AlarmEventType.Acknowledged: return "acknowledged";
            case AlarmEventType.Cleared: return "cleared";
            default: return "event " + (int)type;
        }
    }

    public static string Name(SignalQuality quality)
    {
        switch (quality)
        {
            case SignalQuality.Good: return "good";
            case SignalQuality.OutOfRange: return "out of range";
            case SignalQuality.SensorFault: return "sensor fault";
            case SignalQuality.CommFailure: return "communication failure";
            case SignalQuality.Invalid: return "invalid";
            case SignalQuality.Stale: return "stale (last good value repeated)";
            default: return "quality " + (int)quality;
        }
    }

    /// <summary>For example "tank1.lel HH raised: 52.5 %LEL, limit 50 %LEL; now active, unacknowledged".</summary>
    public static string Describe(AlarmEvent alarmEvent)
    {
        string head = alarmEvent.Tag + " " + Name(alarmEvent.Kind) + " " + Name(alarmEvent.Type);
        string tail = "; now " + Name(alarmEvent.State);
        if (alarmEvent.Kind == AlarmKind.SensorFault)
        {
            return head + ": reading " + Name(alarmEvent.Quality) + tail;
        }

        if (alarmEvent.Type == AlarmEventType.Acknowledged)
        {
            return head + tail;
        }

        string unit = alarmEvent.Kind == AlarmKind.RateOfChange ? alarmEvent.Unit + "/min" : alarmEvent.Unit;
        return head + ": " + alarmEvent.Value.ToString() + " " + unit + ", limit " + alarmEvent.Limit.ToString() + " " + unit + tail;
    }
}
