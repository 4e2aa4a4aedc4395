using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Protocol;

public class ExceptionResponseTests
{
    public static TheoryData<ExceptionCode> AllCodes()
    {
        return new TheoryData<ExceptionCode>(Enum.GetValues<ExceptionCode>().Where(c => c != ExceptionCode.None));
    }

    public static TheoryData<FunctionCode> AllFunctions()
    {
        return new TheoryData<FunctionCode>(Enum.GetValues<FunctionCode>());
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void EveryExceptionCode_IsReportedAsItself(ExceptionCode code)
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 2);
        var response = new ModbusResponse();
        byte[] pdu = [0x83, (byte)code];

        Assert.Equal(ModbusStatus.ExceptionResponse, ModbusPdu.ParseResponse(request, pdu, 0, 2, response));
        Assert.Equal(code, response.ExceptionCode);
        Assert.Equal(0, response.Count);
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void EveryFunction_RecognisesItsOwnException(FunctionCode function)
    {
        var request = new ModbusRequest { Unit = 1, Function = function, Quantity = 1 };
        var response = new ModbusResponse();
        var pdu = new byte[4];

        int length = ModbusPdu.WriteExceptionResponse((byte)function, ExceptionCode.IllegalDataAddress, pdu, 1);

        Assert.Equal(2, length);
        Assert.Equal((byte)((byte)function | 0x80), pdu[1]);
        Assert.Equal(ModbusStatus.ExceptionResponse, ModbusPdu.ParseResponse(request, pdu, 1, length, response));
        Assert.Equal(ExceptionCode.IllegalDataAddress, response.ExceptionCode);
    }

    [Fact]
    public void TheExceptionBit_WithNoCode_IsMissingExceptionCode()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadInputRegisters, 0, 2);
        var response = new ModbusResponse();

        Assert.Equal(ModbusStatus.MissingExceptionCode, ModbusPdu.ParseResponse(request, [0x84], 0, 1, response));
        Assert.Equal(ExceptionCode.None, response.ExceptionCode);
    }

    [Fact]
    public void AnExceptionWithExtraBytes_IsTrailingBytes_AndItsCodeIsNotTrusted()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadInputRegisters, 0, 2);
        var response = new ModbusResponse();

        Assert.Equal(ModbusStatus.TrailingBytes, ModbusPdu.ParseResponse(request, [0x84, 0x02, 0x00], 0, 3, response));
        Assert.Equal(ExceptionCode.None, response.ExceptionCode);
    }

    [Fact]
    public void AnExceptionForAnotherFunction_IsWrongFunction()
    {
        var request = new ModbusRequest().SetWriteSingleRegister(1, 0, 1);
        var response = new ModbusResponse();

        Assert.Equal(ModbusStatus.WrongFunction, ModbusPdu.ParseResponse(request, [0x90, 0x02], 0, 2, response));
    }

    [Fact]
    public void AfterAnException_TheNextGoodResponseClearsTheCode()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 1);
        var response = new ModbusResponse();
        Assert.Equal(ModbusStatus.ExceptionResponse, ModbusPdu.ParseResponse(request, [0x83, 0x06], 0, 2, response));

        Assert.Equal(ModbusStatus.Ok, ModbusPdu.ParseResponse(request, [0x03, 0x02, 0x00, 0x07], 0, 4, response));

        Assert.Equal(ExceptionCode.None, response.ExceptionCode);
        Assert.Equal(7, response.Registers[0]);
    }
}
