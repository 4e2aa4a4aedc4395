using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Protocol;

public class RequestValidatorTests
{
    [Theory]
    [InlineData(0, "unit 0")]
    [InlineData(248, "unit 248")]
    [InlineData(255, "unit 255")]
    public void SerialLine_RefusesUnitsOutside1To247(byte unit, string named)
    {
        var request = new ModbusRequest().SetRead(unit, FunctionCode.ReadHoldingRegisters, 0, 1);

        string? reason = RequestValidator.Validate(request, serialLine: true);

        Assert.NotNull(reason);
        Assert.Contains(named, reason, StringComparison.Ordinal);
        Assert.Contains("1-247", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(247)]
    public void SerialLine_AcceptsTheUnitRangeEnds(byte unit)
    {
        Assert.Null(RequestValidator.Validate(new ModbusRequest().SetRead(unit, FunctionCode.ReadHoldingRegisters, 0, 1), serialLine: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(248)]
    [InlineData(255)]
    public void Tcp_AcceptsAnyUnit_SinceGatewaysAndSingleDevicesUseThem(byte unit)
    {
        Assert.Null(RequestValidator.Validate(new ModbusRequest().SetRead(unit, FunctionCode.ReadHoldingRegisters, 0, 1), serialLine: false));
    }

    [Theory]
    [InlineData(FunctionCode.ReadHoldingRegisters, 125, true)]
    [InlineData(FunctionCode.ReadHoldingRegisters, 126, false)]
    [InlineData(FunctionCode.ReadHoldingRegisters, 0, false)]
    [InlineData(FunctionCode.ReadInputRegisters, 125, true)]
    [InlineData(FunctionCode.ReadInputRegisters, 126, false)]
    [InlineData(FunctionCode.ReadInputRegisters, 0, false)]
    [InlineData(FunctionCode.ReadCoils, 2000, true)]
    [InlineData(FunctionCode.ReadCoils, 2001, false)]
    [InlineData(FunctionCode.ReadCoils, 0, false)]
    [InlineData(FunctionCode.ReadDiscreteInputs, 2000, true)]
    [InlineData(FunctionCode.ReadDiscreteInputs, 2001, false)]
    [InlineData(FunctionCode.ReadDiscreteInputs, 0, false)]
    public void ReadQuantityLimits(FunctionCode function, ushort quantity, bool valid)
    {
        var request = new ModbusRequest().SetRead(1, function, 0, quantity);

        string? reason = RequestValidator.Validate(request, serialLine: true);

        Assert.Equal(valid, reason is null);
        if (!valid)
        {
            Assert.Contains(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(123, true)]
    [InlineData(124, false)]
    [InlineData(0, false)]
    public void WriteRegistersLimit_Is123(int count, bool valid)
    {
        var request = new ModbusRequest(200, 10).SetWriteMultipleRegisters(1, 0, new ushort[200], count);

        Assert.Equal(valid, RequestValidator.Validate(request, serialLine: true) is null);
    }

    [Theory]
    [InlineData(1968, true)]
    [InlineData(1969, false)]
    [InlineData(0, false)]
    public void WriteCoilsLimit_Is1968(int count, bool valid)
    {
        var request = new ModbusRequest(10, 2100).SetWriteMultipleCoils(1, 0, new bool[2100], count);

        Assert.Equal(valid, RequestValidator.Validate(request, serialLine: true) is null);
    }

    [Fact]
    public void AQuantityBeyondTheRequestsOwnBuffer_IsRefused()
    {
        var request = new ModbusRequest(4, 8);
        request.SetWriteMultipleRegisters(1, 0, new ushort[4], 4);
        request.Quantity = 5;

        Assert.NotNull(RequestValidator.Validate(request, serialLine: true));
    }

    [Theory]
    [InlineData(FunctionCode.ReadHoldingRegisters, 65535, 1, true)]
    [InlineData(FunctionCode.ReadHoldingRegisters, 65535, 2, false)]
    [InlineData(FunctionCode.ReadHoldingRegisters, 65411, 125, true)]
    [InlineData(FunctionCode.ReadHoldingRegisters, 65412, 125, false)]
    [InlineData(FunctionCode.ReadCoils, 63536, 2000, true)]
    [InlineData(FunctionCode.ReadCoils, 63537, 2000, false)]
    [InlineData(FunctionCode.ReadInputRegisters, 65534, 3, false)]
    [InlineData(FunctionCode.ReadDiscreteInputs, 65535, 2, false)]
    public void AddressPlusCount_MustNotRunPast65535(FunctionCode function, ushort address, ushort count, bool valid)
    {
        var request = new ModbusRequest().SetRead(1, function, address, count);

        string? reason = RequestValidator.Validate(request, serialLine: true);

        Assert.Equal(valid, reason is null);
        if (!valid)
        {
            Assert.Contains("65535", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MultipleWrites_MustNotRunPast65535()
    {
        Assert.NotNull(RequestValidator.Validate(new ModbusRequest().SetWriteMultipleRegisters(1, 65534, new ushort[3], 3), serialLine: true));
        Assert.NotNull(RequestValidator.Validate(new ModbusRequest().SetWriteMultipleCoils(1, 65530, new bool[7], 7), serialLine: true));
        Assert.Null(RequestValidator.Validate(new ModbusRequest().SetWriteMultipleCoils(1, 65530, new bool[6], 6), serialLine: true));
    }

    [Fact]
    public void SingleWrites_AtTheLastAddress_AreValid()
    {
        Assert.Null(RequestValidator.Validate(new ModbusRequest().SetWriteSingleRegister(1, 65535, 7), serialLine: true));
        Assert.Null(RequestValidator.Validate(new ModbusRequest().SetWriteSingleCoil(1, 65535, true), serialLine: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(23)]
    [InlineData(0x83)]
    public void UnsupportedFunctions_AreNamed(byte function)
    {
        var request = new ModbusRequest { Unit = 1, Function = (FunctionCode)function, Quantity = 1 };

        string? reason = RequestValidator.Validate(request, serialLine: true);

        Assert.NotNull(reason);
        Assert.Contains("function code " + function, reason, StringComparison.Ordinal);
    }
}
