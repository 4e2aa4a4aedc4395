using System.Text.Json;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>One typed value stored at a holding-register address in a given word order.</summary>
internal sealed record TypedValue(string Name, ushort Address, DataType Type, WordOrder Order, JsonElement Value)
{
    public int RegisterCount => DataTypes.RegisterCount(Type);

    public ushort[] Registers => ReferenceEncoding.Encode(this);

    /// <summary>The value as a double, as <see cref="RegisterDecoder.Decode"/> returns it (64-bit integers rounded like a cast).</summary>
    public double AsDouble => Type switch
    {
        DataType.UInt64 => Value.GetUInt64(),
        DataType.Int64 => Value.GetInt64(),
        _ => Value.GetDouble(),
    };

    /// <summary>The exact big-endian bit pattern (byte A most significant), to compare without going through double.</summary>
    public ulong Bits => Type switch
    {
        DataType.UInt16 => Value.GetUInt16(),
        DataType.Int16 => (ushort)Value.GetInt16(),
        DataType.UInt32 => Value.GetUInt32(),
        DataType.Int32 => (uint)Value.GetInt32(),
        DataType.Float32 => BitConverter.SingleToUInt32Bits(Value.GetSingle()),
        DataType.UInt64 => Value.GetUInt64(),
        DataType.Int64 => (ulong)Value.GetInt64(),
        _ => BitConverter.DoubleToUInt64Bits(Value.GetDouble()),
    };

    public override string ToString() => Name;
}
