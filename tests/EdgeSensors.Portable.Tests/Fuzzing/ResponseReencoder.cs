using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>
/// Writes the response PDU a server would send for what the parser decoded. If a frame parsed Ok, re-encoding
/// the decoded values must give the same bytes back: proof the parser accepted only what it understood.
/// </summary>
internal static class ResponseReencoder
{
    [ThreadStatic]
    private static byte[]? _again;

    private static byte[] Again => _again ??= new byte[ModbusLimits.MaxPduLength];

    public static int Write(ModbusRequest request, ModbusStatus status, ModbusResponse response, byte[] pdu)
    {
        if (status == ModbusStatus.ExceptionResponse)
        {
            return ModbusPdu.WriteExceptionResponse((byte)request.Function, response.ExceptionCode, pdu, 0);
        }

        switch (request.Function)
        {
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                return ModbusPdu.WriteRegistersResponse(request.Function, response.Registers, response.Count, pdu, 0);
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                return ModbusPdu.WriteBitsResponse(request.Function, response.Bits, response.Count, pdu, 0);
            default:
                return ModbusPdu.WriteWriteResponse(request, pdu, 0);
        }
    }

    /// <summary>
    /// True when <paramref name="received"/> equals the re-encoded PDU. The unused high bits of a bit-read's
    /// last byte are ignored: the spec says servers pad with zeros, and the parser tolerates a server that
    /// does not, since those bits carry no value.
    /// </summary>
    public static bool SameAsReceived(ModbusRequest request, ModbusStatus status, ModbusResponse response, byte[] received, int offset, int length)
    {
        byte[] again = Again;
        int againLength = Write(request, status, response, again);
        if (againLength != length)
        {
            return false;
        }

        int paddedByte = -1;
        byte paddingMask = 0;
        if (status == ModbusStatus.Ok && request.IsRead && request.IsBitAccess && request.Quantity % 8 != 0)
        {
            paddedByte = length - 1;
            paddingMask = (byte)(0xFF << (request.Quantity % 8));
        }

        for (int i = 0; i < length; i++)
        {
            byte mask = i == paddedByte ? (byte)~paddingMask : (byte)0xFF;
            if ((received[offset + i] & mask) != (again[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
