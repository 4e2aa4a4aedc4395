namespace EdgeSensors.Modbus.Protocol;

/// <summary>
/// The Modbus PDU codec, both directions: a master writes requests and parses responses, a server (the
/// simulator) parses requests and writes responses. It reads and writes caller-owned buffers and allocates nothing.
/// </summary>
public static class ModbusPdu
{
    /// <summary>Bit 7 of the function byte marks an exception response.</summary>
    public const byte ExceptionFlag = 0x80;

    /// <summary>Encodes a request PDU at buffer[offset]. Returns its length. Validate the request first.</summary>
    public static int WriteRequest(ModbusRequest request, byte[] buffer, int offset)
    {
        buffer[offset] = (byte)request.Function;
        WriteUInt16(buffer, offset + 1, request.Address);
        switch (request.Function)
        {
            case FunctionCode.WriteSingleCoil:
                WriteUInt16(buffer, offset + 3, request.CoilValues[0] ? (ushort)0xFF00 : (ushort)0x0000);
                return 5;
            case FunctionCode.WriteSingleRegister:
                WriteUInt16(buffer, offset + 3, request.RegisterValues[0]);
                return 5;
            case FunctionCode.WriteMultipleCoils:
                {
                    int byteCount = (request.Quantity + 7) / 8;
                    WriteUInt16(buffer, offset + 3, request.Quantity);
                    buffer[offset + 5] = (byte)byteCount;
                    PackBits(request.CoilValues, request.Quantity, buffer, offset + 6);
                    return 6 + byteCount;
                }

            case FunctionCode.WriteMultipleRegisters:
                {
                    int count = request.Quantity;
                    WriteUInt16(buffer, offset + 3, request.Quantity);
                    buffer[offset + 5] = (byte)(count * 2);
                    for (int i = 0; i < count; i++)
                    {
                        WriteUInt16(buffer, offset + 6 + (2 * i), request.RegisterValues[i]);
                    }

                    return 6 + (count * 2);
                }

            default:
                WriteUInt16(buffer, offset + 3, request.Quantity);
                return 5;
        }
    }

    /// <summary>The length of a normal (non-exception) response PDU to this request.</summary>
    public static int ResponseLength(ModbusRequest request)
    {
        switch (request.Function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                return 2 + ((request.Quantity + 7) / 8);
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                return 2 + (request.Quantity * 2);
            default:
                return 5;
        }
    }

    /// <summary>
    /// Parses a response PDU to <paramref name="request"/>. Never throws on bad input: every malformed frame
    /// maps to a status, and <paramref name="response"/> holds values only when the status is Ok.
    /// </summary>
    public static ModbusStatus ParseResponse(ModbusRequest request, byte[] pdu, int offset, int length, ModbusResponse response)
    {
        response.Clear();
        if (length < 1)
        {
            return ModbusStatus.Truncated;
        }

        byte function = pdu[offset];
        if ((function & ExceptionFlag) != 0)
        {
            if ((function & 0x7F) != (byte)request.Function)
            {
                return ModbusStatus.WrongFunction;
            }

            if (length < 2)
            {
                return ModbusStatus.MissingExceptionCode;
            }

            if (length > 2)
            {
                return ModbusStatus.TrailingBytes;
            }

            response.ExceptionCode = (ExceptionCode)pdu[offset + 1];
            return ModbusStatus.ExceptionResponse;
        }

        if (function != (byte)request.Function)
        {
            return ModbusStatus.WrongFunction;
        }

        int expected = ResponseLength(request);
        if (request.IsRead)
        {
            if (length < 2)
            {
                return ModbusStatus.Truncated;
            }

            int byteCount = pdu[offset + 1];
            if (byteCount != expected - 2)
            {
                return ModbusStatus.ByteCountMismatch;
            }
        }

        if (length < expected)
        {
            return ModbusStatus.Truncated;
        }

        if (length > expected)
        {
            return ModbusStatus.TrailingBytes;
        }

        switch (request.Function)
        {
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                {
                    int count = request.Quantity;
                    if (count > response.Registers.Length)
                    {
                        return ModbusStatus.InvalidRequest;
                    }

                    for (int i = 0; i < count; i++)
                    {
                        response.Registers[i] = ReadUInt16(pdu, offset + 2 + (2 * i));
                    }

                    response.Count = count;
                    return ModbusStatus.Ok;
                }

            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                if (request.Quantity > response.Bits.Length)
                {
                    return ModbusStatus.InvalidRequest;
                }

                UnpackBits(pdu, offset + 2, request.Quantity, response.Bits);
                response.Count = request.Quantity;
                return ModbusStatus.Ok;
            default:
                return CheckWriteEcho(request, pdu, offset);
        }
    }

    /// <summary>
    /// Parses a request PDU (server side) into <paramref name="request"/>. Returns the exception code a server
    /// should answer with when the request is malformed or out of limits, else <see cref="ExceptionCode.None"/>.
    /// Checks run in the spec's order: function (01), quantity and framing (03), then address range (02) for
    /// a range that runs past 65535, which no server can hold; a smaller server still checks its own size.
    /// </summary>
    public static ExceptionCode ParseRequest(byte[] pdu, int offset, int length, ModbusRequest request)
    {
        if (length < 1)
        {
            return ExceptionCode.IllegalFunction;
        }

        byte function = pdu[offset];
        request.Function = (FunctionCode)function;
        if (length < 5)
        {
            return IsSupported(function) ? ExceptionCode.IllegalDataValue : ExceptionCode.IllegalFunction;
        }

        request.Address = ReadUInt16(pdu, offset + 1);
        ushort second = ReadUInt16(pdu, offset + 3);
        switch ((FunctionCode)function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                request.Quantity = second;
                return length == 5 && second >= 1 && second <= ModbusLimits.MaxReadBits ? CheckRange(request) : ExceptionCode.IllegalDataValue;
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                request.Quantity = second;
                return length == 5 && second >= 1 && second <= ModbusLimits.MaxReadRegisters ? CheckRange(request) : ExceptionCode.IllegalDataValue;
            case FunctionCode.WriteSingleCoil:
                request.Quantity = 1;
                if (length != 5 || (second != 0xFF00 && second != 0x0000))
                {
                    return ExceptionCode.IllegalDataValue;
                }

                request.CoilValues[0] = second == 0xFF00;
                return ExceptionCode.None;
            case FunctionCode.WriteSingleRegister:
                request.Quantity = 1;
                request.RegisterValues[0] = second;
                return length == 5 ? ExceptionCode.None : ExceptionCode.IllegalDataValue;
            case FunctionCode.WriteMultipleCoils:
                {
                    request.Quantity = second;
                    if (length < 6 || second < 1 || second > ModbusLimits.MaxWriteCoils || second > request.CoilValues.Length)
                    {
                        return ExceptionCode.IllegalDataValue;
                    }

                    int byteCount = pdu[offset + 5];
                    if (byteCount != (second + 7) / 8 || length != 6 + byteCount)
                    {
                        return ExceptionCode.IllegalDataValue;
                    }

                    UnpackBits(pdu, offset + 6, second, request.CoilValues);
                    return CheckRange(request);
                }

            case FunctionCode.WriteMultipleRegisters:
                {
                    request.Quantity = second;
                    if (length < 6 || second < 1 || second > ModbusLimits.MaxWriteRegisters || second > request.RegisterValues.Length)
                    {
                        return ExceptionCode.IllegalDataValue;
                    }

                    int byteCount = pdu[offset + 5];
                    if (byteCount != second * 2 || length != 6 + byteCount)
                    {
                        return ExceptionCode.IllegalDataValue;
                    }

                    for (int i = 0; i < second; i++)
                    {
                        request.RegisterValues[i] = ReadUInt16(pdu, offset + 6 + (2 * i));
                    }

                    return CheckRange(request);
                }

            default:
                return ExceptionCode.IllegalFunction;
        }
    }

    /// <summary>Writes a register read response (functions 3 and 4). Returns the PDU length.</summary>
    public static int WriteRegistersResponse(FunctionCode function, ushort[] registers, int count, byte[] buffer, int offset)
    {
        buffer[offset] = (byte)function;
        buffer[offset + 1] = (byte)(count * 2);
        for (int i = 0; i < count; i++)
        {
            WriteUInt16(buffer, offset + 2 + (2 * i), registers[i]);
        }

        return 2 + (count * 2);
    }

    /// <summary>Writes a bit read response (functions 1 and 2). Returns the PDU length.</summary>
    public static int WriteBitsResponse(FunctionCode function, bool[] bits, int count, byte[] buffer, int offset)
    {
        int byteCount = (count + 7) / 8;
        buffer[offset] = (byte)function;
        buffer[offset + 1] = (byte)byteCount;
        PackBits(bits, count, buffer, offset + 2);
        return 2 + byteCount;
    }

    /// <summary>Writes the echo a server sends after a successful write (functions 5, 6, 15, 16).</summary>
    public static int WriteWriteResponse(ModbusRequest request, byte[] buffer, int offset)
    {
        buffer[offset] = (byte)request.Function;
        WriteUInt16(buffer, offset + 1, request.Address);
        switch (request.Function)
        {
            case FunctionCode.WriteSingleCoil:
                WriteUInt16(buffer, offset + 3, request.CoilValues[0] ? (ushort)0xFF00 : (ushort)0);
                break;
            case FunctionCode.WriteSingleRegister:
                WriteUInt16(buffer, offset + 3, request.RegisterValues[0]);
                break;
            default:
                WriteUInt16(buffer, offset + 3, request.Quantity);
                break;
        }

        return 5;
    }

    public static int WriteExceptionResponse(byte function, ExceptionCode code, byte[] buffer, int offset)
    {
        buffer[offset] = (byte)(function | ExceptionFlag);
        buffer[offset + 1] = (byte)code;
        return 2;
    }

    public static ushort ReadUInt16(byte[] buffer, int offset)
    {
        return (ushort)((buffer[offset] << 8) | buffer[offset + 1]);
    }

    public static void WriteUInt16(byte[] buffer, int offset, ushort value)
    {
        buffer[offset] = (byte)(value >> 8);
        buffer[offset + 1] = (byte)value;
    }

    private static ExceptionCode CheckRange(ModbusRequest request)
    {
        return request.Address + request.Quantity > 65536 ? ExceptionCode.IllegalDataAddress : ExceptionCode.None;
    }

    private static bool IsSupported(byte function)
    {
        return (function >= 1 && function <= 6) || function == 15 || function == 16;
    }

    private static ModbusStatus CheckWriteEcho(ModbusRequest request, byte[] pdu, int offset)
    {
        if (ReadUInt16(pdu, offset + 1) != request.Address)
        {
            return ModbusStatus.EchoMismatch;
        }

        ushort second = ReadUInt16(pdu, offset + 3);
        ushort expected;
        switch (request.Function)
        {
            case FunctionCode.WriteSingleCoil:
                expected = request.CoilValues[0] ? (ushort)0xFF00 : (ushort)0;
                break;
            case FunctionCode.WriteSingleRegister:
                expected = request.RegisterValues[0];
                break;
            default:
                expected = request.Quantity;
                break;
        }

        return second == expected ? ModbusStatus.Ok : ModbusStatus.EchoMismatch;
    }

    private static void PackBits(bool[] bits, int count, byte[] buffer, int offset)
    {
        int byteCount = (count + 7) / 8;
        for (int i = 0; i < byteCount; i++)
        {
            buffer[offset + i] = 0;
        }

        for (int i = 0; i < count; i++)
        {
            if (bits[i])
            {
                buffer[offset + (i >> 3)] |= (byte)(1 << (i & 7));
            }
        }
    }

    private static void UnpackBits(byte[] buffer, int offset, int count, bool[] bits)
    {
        for (int i = 0; i < count; i++)
        {
            bits[i] = (buffer[offset + (i >> 3)] & (1 << (i & 7))) != 0;
        }
    }
}
