using EdgeSensors.Alarms;

namespace EdgeSensors.Telemetry.Wire;

/// <summary>
/// The stable wire strings of the contract's enumerations, which are the alarm evaluator's own
/// (<see cref="SignalQuality"/>, <see cref="AlarmKind"/>, <see cref="AlarmEventType"/>) so that producers map nothing.
/// A wire string never changes meaning; a new one is a new schema version, because a consumer must not guess.
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
    public const string Returned = "returned";
    public const string Acknowledged = "acknowledged";
    public const string Cleared = "cleared";

    /// <summary>The quality names in the order the schema lists them.</summary>
    public static readonly string[] Qualities = new string[] { Good, Stale, CommFailure, OutOfRange, SensorFault };

    /// <summary>
    /// The wire name of a quality, or null outside the enumeration. <see cref="SignalQuality.Invalid"/> (read but not
    /// decodable) goes out as out_of_range, as the gateway's poller reports it: the number is outside what the
    /// instrument can mean.
    /// </summary>
    public static string? Of(SignalQuality quality)
    {
        switch (quality)
        {
            case SignalQuality.Good: return Good;
            case SignalQuality.Stale: return Stale;
            case SignalQuality.CommFailure: return CommFailure;
            case SignalQuality.OutOfRange: return OutOfRange;
            case SignalQuality.Invalid: return OutOfRange;
            case SignalQuality.SensorFault: return SensorFault;
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
            case AlarmKind.RateOfChange: return Rate;
            case AlarmKind.SensorFault: return SensorFault;
            default: return null;
        }
    }

    /// <summary>The wire name, or null for a value outside the enumeration.</summary>
    public static string? Of(AlarmEventType type)
    {
        switch (type)
        {
            case AlarmEventType.Raised: return Raised;
            case AlarmEventType.Returned: return Returned;
            case AlarmEventType.Acknowledged: return Acknowledged;
            case AlarmEventType.Cleared: return Cleared;
            default: return null;
        }
    }

    /// <summary>The quality named by chars[0..length), without allocating; false when none is.</summary>
    public static bool TryParseQuality(char[] chars, int length, out SignalQuality quality)
    {
        quality = SignalQuality.Good;
        if (Matches(chars, length, Good))
        {
            return true;
        }

        quality = SignalQuality.Stale;
        if (Matches(chars, length, Stale))
        {
            return true;
        }

        quality = SignalQuality.CommFailure;
        if (Matches(chars, length, CommFailure))
        {
            return true;
        }

        quality = SignalQuality.OutOfRange;
        if (Matches(chars, length, OutOfRange))
        {
            return true;
        }

        quality = SignalQuality.SensorFault;
        return Matches(chars, length, SensorFault);
    }

    /// <summary>The alarm kind named by chars[0..length), without allocating; false when none is.</summary>
    public static bool TryParseKind(char[] chars, int length, out AlarmKind kind)
    {
        for (int i = 0; i <= (int)AlarmKind.SensorFault; i++)
        {
            kind = (AlarmKind)i;
            if (Matches(chars, length, Of(kind)))
            {
                return true;
            }
        }

        kind = AlarmKind.HighHigh;
        return false;
    }

    /// <summary>The alarm event type named by chars[0..length), without allocating; false when none is.</summary>
    public static bool TryParseState(char[] chars, int length, out AlarmEventType type)
    {
        for (int i = 0; i <= (int)AlarmEventType.Cleared; i++)
        {
            type = (AlarmEventType)i;
            if (Matches(chars, length, Of(type)))
            {
                return true;
            }
        }

        type = AlarmEventType.Raised;
        return false;
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
