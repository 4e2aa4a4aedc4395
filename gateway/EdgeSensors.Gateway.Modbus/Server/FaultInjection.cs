using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>The byte-level damage behind <see cref="ServerAction.CorruptCrc"/> and <see cref="ServerAction.Garbage"/>.</summary>
internal static class FaultInjection
{
    /// <summary>
    /// TCP has no CRC, so a corrupt frame is one whose PDU disagrees with itself: a read response gets a wrong byte
    /// count, a write echo a wrong address, an exception response a function byte without its flag.
    /// </summary>
    public static void CorruptPdu(byte[] pdu, int offset, int length)
    {
        byte function = pdu[offset];
        if ((function & ModbusPdu.ExceptionFlag) != 0)
        {
            pdu[offset] = (byte)(function & 0x7F);
        }
        else if (function >= 1 && function <= 4 && length >= 2)
        {
            pdu[offset + 1] = (byte)(pdu[offset + 1] + 1);
        }
        else if (length >= 3)
        {
            pdu[offset + 2] ^= 0xFF;
        }
    }

    /// <summary>Flips the two CRC bytes at the end of an RTU ADU.</summary>
    public static void CorruptCrc(byte[] adu, int length)
    {
        adu[length - 2] ^= 0xFF;
        adu[length - 1] ^= 0xFF;
    }

    /// <summary>Fills the buffer start with 1-32 random bytes and returns how many.</summary>
    public static int Garbage(byte[] buffer)
    {
        int length = Random.Shared.Next(1, 33);
        Random.Shared.NextBytes(buffer.AsSpan(0, length));
        return length;
    }
}
