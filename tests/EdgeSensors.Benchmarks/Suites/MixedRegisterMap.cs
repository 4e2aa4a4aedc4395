using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Benchmarks.Suites;

/// <summary>
/// A register map that mixes every data type and word order, the way a rack of real instruments does
/// (KELLER floats ABCD, VEGA floats CDAB, int16 gas readings, 64-bit totalisers), packed into a block.
/// </summary>
public static class MixedRegisterMap
{
    private static readonly DataType[] Types =
    [
        DataType.Int16, DataType.UInt16, DataType.Float32, DataType.Int32,
        DataType.UInt32, DataType.Float64, DataType.Int64, DataType.UInt64,
    ];

    private static readonly WordOrder[] Orders = [WordOrder.ABCD, WordOrder.CDAB, WordOrder.BADC, WordOrder.DCBA];

    /// <summary>Fields covering registers [0, registerCount) exactly; the tail is filled with UInt16 fields.</summary>
    public static ResponseField[] Build(int registerCount)
    {
        var fields = new List<ResponseField>();
        int index = 0;
        int next = 0;
        while (index < registerCount)
        {
            var type = Types[next % Types.Length];
            int width = DataTypes.RegisterCount(type);
            if (index + width > registerCount)
            {
                type = DataType.UInt16;
                width = 1;
            }

            fields.Add(new ResponseField(index, type, Orders[next % Orders.Length]));
            index += width;
            next++;
        }

        return [.. fields];
    }

    /// <summary>Register values for <see cref="Build"/>'s fields: the field starting at register i holds i + 0.5 (integer types round as the encoder does).</summary>
    public static ushort[] Encode(int registerCount)
    {
        var registers = new ushort[registerCount];
        foreach (var field in Build(registerCount))
        {
            RegisterEncoder.Encode(field.Index + 0.5, field.Type, field.Order, registers, field.Index);
        }

        return registers;
    }
}
