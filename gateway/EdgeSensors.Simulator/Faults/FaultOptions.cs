using System.Globalization;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Simulator.Faults;

/// <summary>
/// Misbehaviour to inject, per unit. The Add* methods parse the CLI's flag values ("3:500", "4", "2:6", "5:0.5") and
/// throw <see cref="FormatException"/> with the expected form, so the CLI only forwards strings.
/// </summary>
public sealed class FaultOptions
{
    public Dictionary<byte, TimeSpan> Slow { get; } = [];

    public HashSet<byte> Dead { get; } = [];

    public Dictionary<byte, ExceptionCode> Exceptions { get; } = [];

    /// <summary>Unit to the fraction (0-1] of its responses whose CRC is corrupted.</summary>
    public Dictionary<byte, double> CorruptCrc { get; } = [];

    /// <summary>Unit to the fraction (0-1] of its responses replaced by garbage bytes.</summary>
    public Dictionary<byte, double> Garbage { get; } = [];

    /// <summary>Drop the TCP connection on every Nth request (0: never).</summary>
    public int DropTcpEvery { get; set; }

    public bool IsEmpty => Slow.Count == 0 && Dead.Count == 0 && Exceptions.Count == 0 && CorruptCrc.Count == 0 && Garbage.Count == 0 && DropTcpEvery == 0;

    /// <summary>--slow UNIT:MS</summary>
    public FaultOptions AddSlow(string spec)
    {
        (byte unit, string? rest) = Split(spec, "--slow", "UNIT:MS, e.g. 3:1500", required: true);
        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms < 1 || ms > 600_000)
        {
            throw new FormatException($"--slow '{spec}': the delay must be 1 to 600000 milliseconds, e.g. 3:1500");
        }

        Slow[unit] = TimeSpan.FromMilliseconds(ms);
        return this;
    }

    /// <summary>--dead UNIT</summary>
    public FaultOptions AddDead(string spec)
    {
        Dead.Add(Split(spec, "--dead", "UNIT, e.g. 4", required: false).Unit);
        return this;
    }

    /// <summary>--exception UNIT:CODE</summary>
    public FaultOptions AddException(string spec)
    {
        (byte unit, string? rest) = Split(spec, "--exception", "UNIT:CODE, e.g. 2:6", required: true);
        if (!ParseInteger(rest!, out long code) || code is < 1 or > 255 || !Enum.IsDefined((ExceptionCode)(byte)code))
        {
            throw new FormatException($"--exception '{spec}': the code must be a Modbus exception code (1, 2, 3, 4, 5, 6, 8, 10 or 11), e.g. 2:6");
        }

        Exceptions[unit] = (ExceptionCode)code;
        return this;
    }

    /// <summary>--corrupt-crc UNIT[:RATE]</summary>
    public FaultOptions AddCorruptCrc(string spec)
    {
        (byte unit, double rate) = UnitAndRate(spec, "--corrupt-crc");
        CorruptCrc[unit] = rate;
        return this;
    }

    /// <summary>--garbage UNIT[:RATE]</summary>
    public FaultOptions AddGarbage(string spec)
    {
        (byte unit, double rate) = UnitAndRate(spec, "--garbage");
        Garbage[unit] = rate;
        return this;
    }

    private static (byte Unit, double Rate) UnitAndRate(string spec, string flag)
    {
        (byte unit, string? rest) = Split(spec, flag, "UNIT[:RATE], e.g. 5 or 5:0.2", required: false);
        if (rest is null)
        {
            return (unit, 1.0);
        }

        if (!double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0 && rate <= 1))
        {
            throw new FormatException($"{flag} '{spec}': the rate is a fraction above 0 and at most 1, e.g. {unit}:0.2");
        }

        return (unit, rate);
    }

    private static (byte Unit, string? Remainder) Split(string spec, string flag, string form, bool required)
    {
        string[] parts = (spec ?? string.Empty).Split(':', 2);
        if (!byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out byte unit) || unit < ModbusLimits.MinUnit || unit > ModbusLimits.MaxUnit)
        {
            throw new FormatException($"{flag} '{spec}': expected {form} with a unit of 1-247");
        }

        if (required && parts.Length < 2)
        {
            throw new FormatException($"{flag} '{spec}': expected {form}");
        }

        if (!required && parts.Length == 2 && flag == "--dead")
        {
            throw new FormatException($"{flag} '{spec}': expected {form}");
        }

        return (unit, parts.Length == 2 ? parts[1] : null);
    }

    private static bool ParseInteger(string text, out long value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
