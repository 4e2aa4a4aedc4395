using EdgeSensors.Modbus.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSensors.Portable.Tests.Support;

/// <summary>FsCheck generators for valid requests, with the data a server would send back for reads.</summary>
internal static class ModbusGenerators
{
    public static Gen<RequestSpec> ValidRequest()
    {
        return Gen.Elements(Enum.GetValues<FunctionCode>()).SelectMany(Request);
    }

    public static Gen<RequestSpec> Request(FunctionCode function)
    {
        int maxQuantity = MaxQuantity(function);

        // Quantities skew towards the edges (1 and the maximum) where off-by-one errors live.
        Gen<int> quantity = Gen.Frequency(
            (6, Gen.Choose(1, maxQuantity)),
            (1, Gen.Constant(1)),
            (1, Gen.Constant(maxQuantity)));

        return from unit in Gen.Choose(1, 247)
               from count in quantity
               from address in Gen.Frequency((6, Gen.Choose(0, 65536 - count)), (1, Gen.Constant(65536 - count)), (1, Gen.Constant(0)))
               from seed in ArbMap.Default.GeneratorFor<int>()
               select new RequestSpec((byte)unit, function, (ushort)address, (ushort)count, Registers(seed, count), Bits(seed, count));
    }

    // Values come from a seeded Random rather than element-by-element generators: FsCheck builds a
    // 2000-element array slowly, and the values matter only as data to carry through, not to shrink.
    private static ushort[] Registers(int seed, int count)
    {
        var random = new Random(seed);
        var values = new ushort[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (ushort)random.Next(0, 65536);
        }

        return values;
    }

    private static bool[] Bits(int seed, int count)
    {
        var random = new Random(~seed);
        var values = new bool[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.Next(2) == 1;
        }

        return values;
    }

    private static int MaxQuantity(FunctionCode function)
    {
        switch (function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                return ModbusLimits.MaxReadBits;
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                return ModbusLimits.MaxReadRegisters;
            case FunctionCode.WriteMultipleCoils:
                return ModbusLimits.MaxWriteCoils;
            case FunctionCode.WriteMultipleRegisters:
                return ModbusLimits.MaxWriteRegisters;
            default:
                return 1;
        }
    }
}
