using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>Response-PDU damage shared by the RTU and TCP fuzzers; the framing is resealed afterwards.</summary>
internal static class PduMutator
{
    /// <summary>The PDU mutations that apply to this exchange (a byte count exists only on read answers, an echo only on write answers).</summary>
    public static bool Applies(Mutation mutation, RandomExchange exchange)
    {
        switch (mutation)
        {
            case Mutation.LyingByteCount:
                return !exchange.IsException && exchange.Request.IsRead;
            case Mutation.EchoMismatch:
                return !exchange.IsException && !exchange.Request.IsRead;
            default:
                return true;
        }
    }

    /// <summary>Changes the PDU at pdu[offset..]; returns its new length.</summary>
    public static int Apply(Mutation mutation, Random random, byte[] pdu, int offset, int length, ModbusRequest request)
    {
        switch (mutation)
        {
            case Mutation.WrongFunction:
                {
                    byte function;
                    do
                    {
                        function = (byte)random.Next(256);
                    }
                    while ((function & 0x7F) == (byte)request.Function);

                    pdu[offset] = function;
                    return length;
                }

            case Mutation.LyingByteCount:
                pdu[offset + 1] = (byte)(pdu[offset + 1] + random.Next(1, 256));
                return length;
            case Mutation.ExceptionWithoutCode:
                pdu[offset] = (byte)((byte)request.Function | ModbusPdu.ExceptionFlag);
                return 1;
            case Mutation.EchoMismatch:
                pdu[offset + random.Next(1, 5)] ^= (byte)random.Next(1, 256);
                return length;
            case Mutation.RandomBytes:
                {
                    // Short PDUs half the time: exception and write answers are only 2 and 5 bytes long.
                    int randomLength = random.Next(2) == 0 ? random.Next(0, 8) : random.Next(0, ModbusLimits.MaxPduLength + 1);
                    random.NextBytes(pdu.AsSpan(offset, randomLength));

                    // Half the time keep a plausible function byte, so the parser's deeper branches are reached.
                    if (randomLength > 0 && random.Next(2) == 0)
                    {
                        pdu[offset] = (byte)((byte)request.Function | (random.Next(4) == 0 ? ModbusPdu.ExceptionFlag : 0));
                    }

                    return randomLength;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "not a PDU mutation");
        }
    }

    /// <summary>Flips 1 to 3 distinct bits in buffer[0..length).</summary>
    public static void FlipBits(Random random, byte[] buffer, int length)
    {
        int flips = random.Next(1, 4);
        Span<int> chosen = stackalloc int[3];
        for (int i = 0; i < flips; i++)
        {
            int bit;
            do
            {
                bit = random.Next(length * 8);
            }
            while (chosen[..i].Contains(bit));

            chosen[i] = bit;
            buffer[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
