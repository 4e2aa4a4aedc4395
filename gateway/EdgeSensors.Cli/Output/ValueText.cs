using System.Globalization;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Cli.Output;

/// <summary>How numbers and registers look in tables: integers exact, float32 at float precision, raw registers as hex.</summary>
public static class ValueText
{
    public static string Format(double value, DataType type) => type switch
    {
        DataType.Float32 => ((float)value).ToString(CultureInfo.InvariantCulture),
        DataType.Float64 => value.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };

    /// <summary>Scaled engineering values: up to 6 significant decimals, no exponent for ordinary magnitudes.</summary>
    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>"41C8 0000".</summary>
    public static string Hex(IEnumerable<ushort> registers) => string.Join(' ', registers.Select(r => r.ToString("X4", CultureInfo.InvariantCulture)));

    /// <summary>"0x0006".</summary>
    public static string Address(ushort address) => "0x" + address.ToString("X4", CultureInfo.InvariantCulture);

    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
