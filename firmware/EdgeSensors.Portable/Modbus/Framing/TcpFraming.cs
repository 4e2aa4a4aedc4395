using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Modbus.Framing;

/// <summary>
/// Modbus TCP ADU: MBAP header [transaction id 2][protocol id 2 = 0][length 2][unit 1] then the PDU.
/// The length field counts the unit byte and the PDU.
/// </summary>
public static class TcpFraming
{
    public const int HeaderLength = 7;
    public const int PduOffset = HeaderLength;

    /// <summary>Writes the MBAP header in front of the PDU already at adu[7]. Returns the ADU length.</summary>
    public static int Seal(byte[] adu, ushort transactionId, byte unit, int pduLength)
    {
        ModbusPdu.WriteUInt16(adu, 0, transactionId);
        adu[2] = 0;
        adu[3] = 0;
        ModbusPdu.WriteUInt16(adu, 4, (ushort)(pduLength + 1));
        adu[6] = unit;
        return HeaderLength + pduLength;
    }

    public static ushort TransactionId(byte[] adu)
    {
        return ModbusPdu.ReadUInt16(adu, 0);
    }

    /// <summary>
    /// The total ADU length announced by a received 7-byte header, or -1 when the header is not Modbus
    /// (protocol id not 0, or a length outside 2..254). A reader uses this before reading the body.
    /// </summary>
    public static int FrameLength(byte[] header)
    {
        if (header[2] != 0 || header[3] != 0)
        {
            return -1;
        }

        int length = ModbusPdu.ReadUInt16(header, 4);
        if (length < 2 || length > ModbusLimits.MaxPduLength + 1)
        {
            return -1;
        }

        return 6 + length;
    }

    /// <summary>Checks a complete received ADU against the request it should answer. On Ok the PDU is adu[7 .. 7 + pduLength).</summary>
    public static ModbusStatus Open(byte[] adu, int length, ushort expectedTransactionId, byte expectedUnit, out int pduLength)
    {
        pduLength = 0;
        if (length < HeaderLength + 1)
        {
            return ModbusStatus.Truncated;
        }

        if (adu[2] != 0 || adu[3] != 0)
        {
            return ModbusStatus.WrongProtocolId;
        }

        if (ModbusPdu.ReadUInt16(adu, 4) != length - 6)
        {
            return ModbusStatus.LengthMismatch;
        }

        if (TransactionId(adu) != expectedTransactionId)
        {
            return ModbusStatus.WrongTransactionId;
        }

        if (adu[6] != expectedUnit)
        {
            return ModbusStatus.WrongUnit;
        }

        pduLength = length - HeaderLength;
        return ModbusStatus.Ok;
    }
}
