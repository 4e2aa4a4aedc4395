using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Encoding;

/// <summary>
/// The inverse of <see cref="Decoding.ProfileDecoder"/> for one tag: engineering value to registers, undoing scale or
/// decimal places, rounding and clamping integers to their type, then the portable <see cref="RegisterEncoder"/>.
/// Used by the simulator to serve values and by writes of set points.
/// </summary>
public static class ProfileEncoder
{
    /// <summary>The raw register value that decodes to <paramref name="value"/> (before word order).</summary>
    public static double ToRaw(TagDefinition tag, double value, int decimalPlaces = 0)
    {
        double raw;
        if (tag.DecimalsFrom is not null)
        {
            raw = value * Math.Pow(10, decimalPlaces);
        }
        else
        {
            LinearScale scale = tag.Scale ?? LinearScale.Identity;
            raw = (value - scale.Offset) / scale.Gain;
        }

        if (DataTypes.IsFloat(tag.Type) || double.IsNaN(raw))
        {
            return raw;
        }

        return Math.Clamp(Math.Round(raw, MidpointRounding.AwayFromZero), MinOf(tag.Type), MaxOf(tag.Type));
    }

    /// <summary>Writes the tag's registers for <paramref name="value"/> at destination[index].</summary>
    public static void Encode(TagDefinition tag, double value, ushort[] destination, int index, int decimalPlaces = 0)
    {
        if (tag.IsBit)
        {
            throw new ArgumentException($"tag '{tag.Name}' is a single bit, not registers", nameof(tag));
        }

        double raw = ToRaw(tag, value, decimalPlaces);
        if (double.IsNaN(raw) && !DataTypes.IsFloat(tag.Type))
        {
            throw new ArgumentException($"tag '{tag.Name}' is {tag.Type}: an integer register cannot hold NaN", nameof(value));
        }

        RegisterEncoder.Encode(raw, tag.Type, tag.WordOrder, destination, index);
    }

    private static double MinOf(DataType type) => type switch
    {
        DataType.Int16 => short.MinValue,
        DataType.Int32 => int.MinValue,
        DataType.Int64 => long.MinValue,
        _ => 0,
    };

    private static double MaxOf(DataType type) => type switch
    {
        DataType.UInt16 => ushort.MaxValue,
        DataType.Int16 => short.MaxValue,
        DataType.UInt32 => uint.MaxValue,
        DataType.Int32 => int.MaxValue,
        DataType.Int64 => long.MaxValue,
        _ => ulong.MaxValue,
    };
}
