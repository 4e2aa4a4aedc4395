using FsCheck;
using FsCheck.Fluent;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>Finite doubles drawn to cover what breaks decimal conversions: every exponent, edges, and "nice" decimals.</summary>
internal static class DoubleGenerators
{
    public static Gen<double> AnyFinite()
    {
        return Gen.Frequency(
            (4, RandomBits()),
            (2, Decimal()),
            (1, PowerOfTwo()),
            (1, Integer()),
            (1, Gen.Elements(Edges)));
    }

    /// <summary>Uniform over bit patterns, so every exponent (subnormals included) is as likely as any other.</summary>
    public static Gen<double> RandomBits()
    {
        return ArbMap.Default.GeneratorFor<long>()
            .Select(BitConverter.Int64BitsToDouble)
            .Where(double.IsFinite);
    }

    /// <summary>Values like 20.9, -0.125 or 4.2e-7: few digits times a power of ten, as instruments report.</summary>
    public static Gen<double> Decimal()
    {
        return from mantissa in Gen.Choose(-999_999, 999_999)
               from exponent in Gen.Choose(-12, 12)
               select mantissa * Math.Pow(10, exponent);
    }

    public static Gen<double> PowerOfTwo()
    {
        return from exponent in Gen.Choose(-1074, 1023)
               from negative in ArbMap.Default.GeneratorFor<bool>()
               select (negative ? -1 : 1) * Math.ScaleB(1, exponent);
    }

    /// <summary>Integers around 2^53, where consecutive doubles are 1, 2 or more apart.</summary>
    public static Gen<double> Integer()
    {
        return from magnitude in Gen.Choose(0, 70)
               from bits in ArbMap.Default.GeneratorFor<ulong>()
               select (double)(magnitude >= 64 ? bits : bits >> (64 - magnitude)) * (magnitude >= 64 ? 1 << (magnitude - 63) : 1);
    }

    public static readonly double[] Edges =
    [
        0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
        2.2250738585072014e-308, 2.2250738585072009e-308, 4.9406564584124654e-324 * 2,
        1e21, 1e-7, 1e20, 1e-6, 123456789012345680000.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3,
        9007199254740992.0, 9007199254740993.0, 18014398509481984.0, 5e-324, 1e23, 8.41e21, 5.0e-310,
        20.9, -40.0, 100.0, 4.0, 19.5, 23.5,
    ];
}
