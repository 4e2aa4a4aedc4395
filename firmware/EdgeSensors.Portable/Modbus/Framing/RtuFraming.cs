using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Modbus.Framing;

/// <summary>
/// Modbus RTU ADU: [unit][PDU][CRC lo][CRC hi]. The PDU sits at <see cref="PduOffset"/> so callers encode it
/// in place and then seal the frame, with no copy.
/// </summary>
public static class RtuFraming
{
    public const int PduOffset = 1;
    public const int Overhead = 3;

    /// <summary>Length of an exception response ADU: unit, function|0x80, code, CRC.</summary>
    public const int ExceptionAduLength = 5;

    /// <summary>Writes the unit in front of the PDU already at adu[1] and the CRC after it. Returns the ADU length.</summary>
    public static int Seal(byte[] adu, byte unit, int pduLength)
    {
        adu[0] = unit;
        Crc16.Append(adu, 0, 1 + pduLength);
        return pduLength + Overhead;
    }

    /// <summary>Checks CRC and unit of a received ADU. On Ok the PDU is adu[1 .. 1 + pduLength).</summary>
    public static ModbusStatus Open(byte[] adu, int length, byte expectedUnit, out int pduLength)
    {
        pduLength = 0;
        if (length < 4)
        {
            return ModbusStatus.Truncated;
        }

        if (!Crc16.Check(adu, 0, length))
        {
            return ModbusStatus.CrcError;
        }

        if (adu[0] != expectedUnit)
        {
            return ModbusStatus.WrongUnit;
        }

        pduLength = length - Overhead;
        return ModbusStatus.Ok;
    }

    /// <summary>
    /// How long the response ADU that starts with the <paramref name="have"/> bytes received so far will be:
    /// the total length, 0 when more bytes are needed to tell, or -1 when the function byte is not a valid response.
    /// A serial reader uses this to stop reading as soon as the frame is complete instead of waiting for t3.5.
    /// </summary>
    public static int ResponseLength(byte[] adu, int have)
    {
        if (have < 2)
        {
            return 0;
        }

        byte function = adu[1];
        if ((function & ModbusPdu.ExceptionFlag) != 0)
        {
            return ExceptionAduLength;
        }

        switch (function)
        {
            case 1:
            case 2:
            case 3:
            case 4:
                return have < 3 ? 0 : 3 + adu[2] + 2;
            case 5:
            case 6:
            case 15:
            case 16:
                return 8;
            default:
                return -1;
        }
    }

    /// <summary>Like <see cref="ResponseLength"/>, for request ADUs a server receives.</summary>
    public static int RequestLength(byte[] adu, int have)
    {
        if (have < 2)
        {
            return 0;
        }

        switch (adu[1])
        {
            case 1:
            case 2:
            case 3:
            case 4:
            case 5:
            case 6:
                return 8;
            case 15:
            case 16:
                return have < 7 ? 0 : 7 + adu[6] + 2;
            default:
                return -1;
        }
    }

    /// <summary>
    /// The silent interval that separates frames, in microseconds: 3.5 character times (11 bits each),
    /// fixed at 1750 us above 19200 baud as the Modbus serial-line spec prescribes.
    /// </summary>
    public static int InterFrameDelayMicros(int baud)
    {
        if (baud > 19200)
        {
            return 1750;
        }

        // 3.5 chars * 11 bits * 1e6 us / baud
        return (int)((38500000L + baud - 1) / baud);
    }

    /// <summary>The longest gap allowed inside a frame, in microseconds: 1.5 character times, 750 us above 19200 baud.</summary>
    public static int InterCharacterTimeoutMicros(int baud)
    {
        if (baud > 19200)
        {
            return 750;
        }

        return (int)((16500000L + baud - 1) / baud);
    }

    /// <summary>Time on the wire for <paramref name="bytes"/> characters of 11 bits, in microseconds.</summary>
    public static long WireTimeMicros(int bytes, int baud)
    {
        return ((long)bytes * 11L * 1000000L) / baud;
    }
}
