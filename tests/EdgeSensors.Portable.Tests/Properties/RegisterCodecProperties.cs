using EdgeSensors.Modbus.Decoding;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Properties;

/// <summary>Encoding a value into registers and decoding it back gives the value, in every type and word order.</summary>
public class RegisterCodecProperties
{
    private static readonly Gen<WordOrder> Orders = Gen.Elements(Enum.GetValues<WordOrder>());

    [Property(MaxTest = 2000)]
    public Property Integers_RoundTripExactly()
    {
        Gen<(DataType Type, WordOrder Order, double Value)> gen =
            from type in Gen.Elements(DataType.UInt16, DataType.Int16, DataType.UInt32, DataType.Int32, DataType.UInt64, DataType.Int64)
            from order in Orders
            from value in InRange(type)
            select (type, order, value);

        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var registers = new ushort[4];
            RegisterEncoder.Encode(c.Value, c.Type, c.Order, registers, 0);
            return RegisterDecoder.Decode(registers, 0, c.Type, c.Order) == c.Value;
        });
    }

    [Property(MaxTest = 2000)]
    public Property Float32_RoundTripsToTheNearestSingle()
    {
        Gen<(WordOrder Order, double Value)> gen =
            from order in Orders
            from value in AnyDouble()
            select (order, value);

        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var registers = new ushort[2];
            RegisterEncoder.Encode(c.Value, DataType.Float32, c.Order, registers, 0);
            double decoded = RegisterDecoder.Decode(registers, 0, DataType.Float32, c.Order);
            float expected = (float)c.Value;
            return float.IsNaN(expected)
                ? double.IsNaN(decoded)
                : BitConverter.SingleToInt32Bits((float)decoded) == BitConverter.SingleToInt32Bits(expected) && decoded == expected;
        });
    }

    [Property(MaxTest = 2000)]
    public Property Float64_RoundTripsEveryBit()
    {
        Gen<(WordOrder Order, double Value)> gen =
            from order in Orders
            from value in AnyDouble()
            select (order, value);

        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var registers = new ushort[4];
            RegisterEncoder.Encode(c.Value, DataType.Float64, c.Order, registers, 0);
            double decoded = RegisterDecoder.Decode(registers, 0, DataType.Float64, c.Order);
            return BitConverter.DoubleToInt64Bits(decoded) == BitConverter.DoubleToInt64Bits(c.Value);
        });
    }

    [Property(MaxTest = 2000)]
    public Property WriteBits_ThenReadBits_RoundTripsAnyPattern()
    {
        Gen<(int Count, WordOrder Order, ulong Bits)> gen =
            from count in Gen.Elements(1, 2, 4)
            from order in Orders
            from bits in ArbMap.Default.GeneratorFor<ulong>()
            select (count, order, bits);

        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            ulong mask = c.Count == 4 ? ulong.MaxValue : (1UL << (16 * c.Count)) - 1;
            var registers = new ushort[6];
            RegisterEncoder.WriteBits(c.Bits, registers, 1, c.Count, c.Order);
            return RegisterDecoder.ReadBits(registers, 1, c.Count, c.Order) == (c.Bits & mask)
                && registers[0] == 0
                && registers[1 + c.Count] == 0;
        });
    }

    /// <summary>Doubles of every magnitude, plus the special values a generator rarely hits on its own.</summary>
    internal static Gen<double> AnyDouble()
    {
        return Gen.Frequency(
            (4, ArbMap.Default.GeneratorFor<double>()),
            (4, ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble)),
            (1, Gen.Elements(
                double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, double.MaxValue,
                float.Epsilon, -float.Epsilon, float.MaxValue, (double)float.MaxValue * 1.0000001, 1.4e-45, 7e-46, 0.1)));
    }

    private static Gen<double> InRange(DataType type)
    {
        switch (type)
        {
            case DataType.UInt16:
                return Gen.Choose(0, ushort.MaxValue).Select(v => (double)v);
            case DataType.Int16:
                return Gen.Choose(short.MinValue, short.MaxValue).Select(v => (double)v);
            case DataType.UInt32:
                return ArbMap.Default.GeneratorFor<uint>().Select(v => (double)v);
            case DataType.Int32:
                return ArbMap.Default.GeneratorFor<int>().Select(v => (double)v);
            case DataType.UInt64:
                // Exact in a double: below 2^53, or a multiple of a power of two above it.
                return Gen.OneOf(
                    ArbMap.Default.GeneratorFor<ulong>().Select(v => (double)(v >> 11)),
                    ArbMap.Default.GeneratorFor<ulong>().Select(v => (double)(v & 0xFFFFF80000000000UL)));
            default:
                return Gen.OneOf(
                    ArbMap.Default.GeneratorFor<long>().Select(v => (double)(v >> 11)),
                    ArbMap.Default.GeneratorFor<long>().Select(v => (double)(v & unchecked((long)0xFFFFFC0000000000UL))));
        }
    }
}
