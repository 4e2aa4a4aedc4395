using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Properties;

/// <summary>What a master writes, a server reads back unchanged; and what a server answers, a master accepts.</summary>
public class RequestCodecProperties
{
    [Property(MaxTest = 2000)]
    public Property EveryValidRequest_PassesTheValidator()
    {
        return Prop.ForAll(ModbusGenerators.ValidRequest().ToArbitrary(), spec =>
            RequestValidator.Validate(spec.ToRequest(), serialLine: true) is null);
    }

    [Property(MaxTest = 2000)]
    public Property WriteRequest_ThenServerParseRequest_RoundTrips()
    {
        return Prop.ForAll(ModbusGenerators.ValidRequest().ToArbitrary(), spec =>
        {
            ModbusRequest sent = spec.ToRequest();
            var pdu = new byte[ModbusLimits.MaxPduLength];
            int length = ModbusPdu.WriteRequest(sent, pdu, 0);

            var received = new ModbusRequest();
            ExceptionCode code = ModbusPdu.ParseRequest(pdu, 0, length, received);

            var again = new byte[ModbusLimits.MaxPduLength];
            int againLength = ModbusPdu.WriteRequest(received, again, 0);

            return code == ExceptionCode.None
                && length <= ModbusLimits.MaxPduLength
                && received.Function == sent.Function
                && received.Address == sent.Address
                && received.Quantity == sent.Quantity
                && SameWrittenValues(sent, received)
                && pdu.AsSpan(0, length).SequenceEqual(again.AsSpan(0, againLength));
        });
    }

    [Property(MaxTest = 2000)]
    public Property ServerResponse_ThenParseResponse_RoundTrips()
    {
        return Prop.ForAll(ModbusGenerators.ValidRequest().ToArbitrary(), spec =>
        {
            ModbusRequest request = spec.ToRequest();
            var pdu = new byte[ModbusLimits.MaxPduLength];
            int length = WriteServerResponse(request, spec, pdu);
            var response = new ModbusResponse();

            ModbusStatus status = ModbusPdu.ParseResponse(request, pdu, 0, length, response);

            if (status != ModbusStatus.Ok || length != ModbusPdu.ResponseLength(request))
            {
                return false;
            }

            switch (request.Function)
            {
                case FunctionCode.ReadHoldingRegisters:
                case FunctionCode.ReadInputRegisters:
                    return response.Count == spec.Quantity && response.Registers.AsSpan(0, response.Count).SequenceEqual(spec.Registers);
                case FunctionCode.ReadCoils:
                case FunctionCode.ReadDiscreteInputs:
                    return response.Count == spec.Quantity && response.Bits.AsSpan(0, response.Count).SequenceEqual(spec.Bits);
                default:
                    return response.Count == 0;
            }
        });
    }

    [Property(MaxTest = 1000)]
    public Property ServerException_ThenParseResponse_GivesTheCode()
    {
        Gen<(RequestSpec Spec, ExceptionCode Code)> gen =
            from spec in ModbusGenerators.ValidRequest()
            from code in Gen.Elements(Enum.GetValues<ExceptionCode>().Where(c => c != ExceptionCode.None).ToArray())
            select (spec, code);

        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            ModbusRequest request = c.Spec.ToRequest();
            var pdu = new byte[2];
            int length = ModbusPdu.WriteExceptionResponse((byte)request.Function, c.Code, pdu, 0);
            var response = new ModbusResponse();

            return ModbusPdu.ParseResponse(request, pdu, 0, length, response) == ModbusStatus.ExceptionResponse
                && response.ExceptionCode == c.Code
                && response.Count == 0;
        });
    }

    internal static int WriteServerResponse(ModbusRequest request, RequestSpec spec, byte[] pdu)
    {
        switch (request.Function)
        {
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                return ModbusPdu.WriteRegistersResponse(request.Function, spec.Registers, spec.Quantity, pdu, 0);
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                return ModbusPdu.WriteBitsResponse(request.Function, spec.Bits, spec.Quantity, pdu, 0);
            default:
                return ModbusPdu.WriteWriteResponse(request, pdu, 0);
        }
    }

    private static bool SameWrittenValues(ModbusRequest sent, ModbusRequest received)
    {
        switch (sent.Function)
        {
            case FunctionCode.WriteSingleCoil:
                return sent.CoilValues[0] == received.CoilValues[0];
            case FunctionCode.WriteSingleRegister:
                return sent.RegisterValues[0] == received.RegisterValues[0];
            case FunctionCode.WriteMultipleCoils:
                return sent.CoilValues.AsSpan(0, sent.Quantity).SequenceEqual(received.CoilValues.AsSpan(0, sent.Quantity));
            case FunctionCode.WriteMultipleRegisters:
                return sent.RegisterValues.AsSpan(0, sent.Quantity).SequenceEqual(received.RegisterValues.AsSpan(0, sent.Quantity));
            default:
                return true;
        }
    }
}
