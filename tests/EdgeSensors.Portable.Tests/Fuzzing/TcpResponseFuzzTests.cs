using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>Damaged and random Modbus TCP responses through TcpFraming.Open and ModbusPdu.ParseResponse, with a fixed seed.</summary>
public class TcpResponseFuzzTests
{
    private const int Iterations = 70_000;

    private static readonly Mutation[] Mutations =
    [
        Mutation.None, Mutation.BitFlip, Mutation.Truncate, Mutation.Extend, Mutation.WrongUnit, Mutation.WrongFunction,
        Mutation.LyingByteCount, Mutation.ExceptionWithoutCode, Mutation.EchoMismatch, Mutation.WrongTransactionId,
        Mutation.WrongProtocolId, Mutation.LyingMbapLength, Mutation.RandomBytes,
    ];

    [Fact]
    public void DamagedFrames_NeverThrow_NeverCarryValues_AndEachDamageIsNamed()
    {
        var random = new Random(502);
        var exchange = new RandomExchange(random);
        var adu = new byte[ModbusLimits.MaxTcpAduLength + 16];
        var response = new ModbusResponse();
        var tally = new StatusTally<ModbusStatus>();

        for (int i = 0; i < Iterations; i++)
        {
            exchange.Next();
            Mutation mutation;
            do
            {
                mutation = Mutations[random.Next(Mutations.Length)];
            }
            while (!PduMutator.Applies(mutation, exchange));

            ushort transactionId = (ushort)random.Next(65536);
            int length = Build(mutation, random, exchange, transactionId, adu);
            ModbusStatus status = TcpFraming.Open(adu, length, transactionId, exchange.Request.Unit, out int pduLength);
            if (status == ModbusStatus.Ok)
            {
                Assert.Equal(length - TcpFraming.HeaderLength, pduLength);
                status = ResponseInvariants.ParseAndCheck(exchange.Request, adu, TcpFraming.PduOffset, pduLength, response, i, mutation);
            }
            else
            {
                Assert.Equal(0, pduLength);
            }

            tally.Add(mutation, status);
        }

        tally.AssertHit(Mutation.None, ModbusStatus.Ok);
        tally.AssertHit(Mutation.None, ModbusStatus.ExceptionResponse);
        tally.AssertOnly(Mutation.None, ModbusStatus.Ok, ModbusStatus.ExceptionResponse);

        // No checksum on TCP: a flipped data bit is a different, valid value; a flipped header bit is named.
        tally.AssertHit(Mutation.BitFlip, ModbusStatus.Ok);
        tally.AssertHit(Mutation.BitFlip, ModbusStatus.WrongProtocolId);
        tally.AssertHit(Mutation.BitFlip, ModbusStatus.LengthMismatch);
        tally.AssertHit(Mutation.BitFlip, ModbusStatus.WrongTransactionId);
        tally.AssertHit(Mutation.BitFlip, ModbusStatus.WrongUnit);
        tally.AssertHit(Mutation.BitFlip, ModbusStatus.WrongFunction);
        tally.AssertHit(Mutation.Truncate, ModbusStatus.Truncated);
        tally.AssertHit(Mutation.Truncate, ModbusStatus.LengthMismatch);
        tally.AssertOnly(Mutation.Truncate, ModbusStatus.Truncated, ModbusStatus.LengthMismatch);
        tally.AssertAlways(Mutation.Extend, ModbusStatus.LengthMismatch);
        tally.AssertAlways(Mutation.WrongUnit, ModbusStatus.WrongUnit);
        tally.AssertAlways(Mutation.WrongFunction, ModbusStatus.WrongFunction);
        tally.AssertAlways(Mutation.LyingByteCount, ModbusStatus.ByteCountMismatch);
        tally.AssertAlways(Mutation.ExceptionWithoutCode, ModbusStatus.MissingExceptionCode);
        tally.AssertAlways(Mutation.EchoMismatch, ModbusStatus.EchoMismatch);
        tally.AssertAlways(Mutation.WrongTransactionId, ModbusStatus.WrongTransactionId);
        tally.AssertAlways(Mutation.WrongProtocolId, ModbusStatus.WrongProtocolId);
        tally.AssertAlways(Mutation.LyingMbapLength, ModbusStatus.LengthMismatch);
        tally.AssertHit(Mutation.RandomBytes, ModbusStatus.WrongProtocolId);
        tally.AssertHit(Mutation.RandomBytes, ModbusStatus.ExceptionResponse);
        tally.AssertHit(Mutation.RandomBytes, ModbusStatus.ByteCountMismatch);
    }

    private static int Build(Mutation mutation, Random random, RandomExchange exchange, ushort transactionId, byte[] adu)
    {
        byte unit = exchange.Request.Unit;
        exchange.ResponsePdu.AsSpan(0, exchange.ResponseLength).CopyTo(adu.AsSpan(TcpFraming.PduOffset));
        int pduLength = exchange.ResponseLength;
        switch (mutation)
        {
            case Mutation.WrongFunction:
            case Mutation.LyingByteCount:
            case Mutation.ExceptionWithoutCode:
            case Mutation.EchoMismatch:
                pduLength = PduMutator.Apply(mutation, random, adu, TcpFraming.PduOffset, pduLength, exchange.Request);
                return TcpFraming.Seal(adu, transactionId, unit, pduLength);
            case Mutation.RandomBytes:
                if (random.Next(2) == 0)
                {
                    int noise = random.Next(0, adu.Length + 1);
                    random.NextBytes(adu.AsSpan(0, noise));
                    return noise;
                }

                pduLength = PduMutator.Apply(mutation, random, adu, TcpFraming.PduOffset, pduLength, exchange.Request);
                return TcpFraming.Seal(adu, transactionId, unit, pduLength);
            case Mutation.WrongUnit:
                return TcpFraming.Seal(adu, transactionId, (byte)(unit + random.Next(1, 256)), pduLength);
            case Mutation.WrongTransactionId:
                return TcpFraming.Seal(adu, (ushort)(transactionId + random.Next(1, 65536)), unit, pduLength);
        }

        int length = TcpFraming.Seal(adu, transactionId, unit, pduLength);
        switch (mutation)
        {
            case Mutation.BitFlip:
                PduMutator.FlipBits(random, adu, length);
                return length;
            case Mutation.Truncate:
                return random.Next(0, length);
            case Mutation.Extend:
                {
                    int extra = random.Next(1, 9);
                    random.NextBytes(adu.AsSpan(length, extra));
                    return length + extra;
                }

            case Mutation.WrongProtocolId:
                ModbusPdu.WriteUInt16(adu, 2, (ushort)random.Next(1, 65536));
                return length;
            case Mutation.LyingMbapLength:
                ModbusPdu.WriteUInt16(adu, 4, (ushort)(length - 6 + random.Next(1, 65536)));
                return length;
            default:
                Assert.Equal(length, TcpFraming.FrameLength(adu));
                return length;
        }
    }
}
