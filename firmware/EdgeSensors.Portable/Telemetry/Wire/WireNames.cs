using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Telemetry.Wire;

/// <summary>
/// The stable wire strings of the contract's enumerations. They never change meaning; a new one is a new schema
/// version, because a consumer that does not know it must not guess.
/// </summary>
public static class WireNames
{
    public const string Good = "good";
    public const string Stale = "stale";
    public const string CommFailure = "comm_failure";
    public const string OutOfRange = "out_of_range";
    public const string SensorFault = "sensor_fault";

    public const string HighHigh = "HH";
    public const string High = "H";
    public const string Low = "L";
    public const string LowLow = "LL";
    public const string Rate = "rate";

    public const string Raised = "raised";
    public const string Cleared = "cleared";
    public const string Acknowledged = "acknowledged";

    /// <summary>The wire name, or null for a value outside the enumeration.</summary>
    public static string? Of(TelemetryQuality quality)
    {
        switch (quality)
        {
            case TelemetryQuality.Good: return Good;
            case TelemetryQuality.Stale: return Stale;
            case TelemetryQuality.CommFailure: return CommFailure;
            case TelemetryQuality.OutOfRange: return OutOfRange;
            case TelemetryQuality.SensorFault: return SensorFault;
            default: return null;
        }
    }

    /// <summary>The wire name, or null for a value outside the enumeration.</summary>
    public static string? Of(AlarmKind kind)
    {
        switch (kind)
        {
            case AlarmKind.HighHigh: return HighHigh;
            case AlarmKind.High: return High;
            case AlarmKind.Low: return Low;
            case AlarmKind.LowLow: return LowLow;
            case AlarmKind.Rate: return Rate;
            case AlarmKind.SensorFault: return SensorFault;
            default: return null;
        }
    }

    /// <summary>The wire name, or null for a value outside the enumeration.</summary>
    public static string? Of(AlarmState state)
    {
        switch (state)
        {
            case AlarmState.Raised: return Raised;
            case AlarmState.Cleared: return Cleared;
            case AlarmState.Acknowledged: return Acknowledged;
            default: return null;
        }
    }

    /// <summary>Matches chars[0..length) against the quality names without allocating; -1 when none matches.</summary>
    public static int ParseQuality(char[] chars, int length)
    {
        for (int i = 0; i <= (int)TelemetryQuality.SensorFault; i++)
        {
            if (Matches(chars, length, Of((TelemetryQuality)i)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Matches chars[0..length) against the alarm kind names without allocating; -1 when none matches.</summary>
    public static int ParseKind(char[] chars, int length)
    {
        for (int i = 0; i <= (int)AlarmKind.SensorFault; i++)
        {
            if (Matches(chars, length, Of((AlarmKind)i)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Matches chars[0..length) against the alarm state names without allocating; -1 when none matches.</summary>
    public static int ParseState(char[] chars, int length)
    {
        for (int i = 0; i <= (int)AlarmState.Acknowledged; i++)
        {
            if (Matches(chars, length, Of((AlarmState)i)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when chars[0..length) spell <paramref name="text"/>.</summary>
    public static bool Matches(char[] chars, int length, string? text)
    {
        if (text == null || text.Length != length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (chars[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
