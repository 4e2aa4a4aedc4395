using EdgeSensors.Interop.Tests.Expected;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Interop.Tests;

/// <summary>
/// Guards the single source of truth: if expected-values.json loses a type, a word order or an exception code,
/// the interop suites would silently check less. No peer needed.
/// </summary>
[Trait("Category", "Interop")]
public sealed class ExpectedValuesCoverageTests
{
    private static ExpectedValues Expected => ExpectedValues.Shared;

    [Fact]
    public void Every_type_appears_in_every_word_order()
    {
        var missing = from type in Enum.GetValues<DataType>()
                      from order in Enum.GetValues<WordOrder>()
                      where !Expected.HoldingValues.Any(v => v.Type == type && v.Order == order)
                      select type + "/" + order;

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_exception_code_a_master_must_name_is_produced()
    {
        ExceptionCode[] required =
        [
            ExceptionCode.IllegalFunction, ExceptionCode.IllegalDataAddress, ExceptionCode.IllegalDataValue,
            ExceptionCode.ServerDeviceFailure, ExceptionCode.Acknowledge, ExceptionCode.ServerDeviceBusy,
            ExceptionCode.GatewayPathUnavailable, ExceptionCode.GatewayTargetFailedToRespond,
        ];

        Assert.Empty(required.Except(Expected.Exceptions.Select(e => e.ExceptionCode)));
    }

    [Fact]
    public void Typed_values_do_not_overlap_and_fit_the_bounded_table()
    {
        var used = new HashSet<int>();
        foreach (TypedValue value in Expected.HoldingValues)
        {
            for (int i = 0; i < value.RegisterCount; i++)
            {
                Assert.True(used.Add(value.Address + i), value.Name + " overlaps register " + (value.Address + i));
            }
        }

        Assert.True(Expected.HoldingValuesEnd <= Expected.FaultyHoldingRange.Address);
        Assert.True(Expected.FaultyHoldingRange.Address + Expected.FaultyHoldingRange.Count <= Expected.Sizes.Holding);
    }

    [Fact]
    public void Reference_encoding_round_trips_through_the_portable_decoder()
    {
        // Both sides of every interop comparison agree before any peer is involved.
        foreach (TypedValue value in Expected.HoldingValues)
        {
            ushort[] registers = ReferenceEncoding.Encode(value);
            Assert.Equal(value.Bits, RegisterDecoder.ReadBits(registers, 0, value.RegisterCount, value.Order));
        }
    }
}
