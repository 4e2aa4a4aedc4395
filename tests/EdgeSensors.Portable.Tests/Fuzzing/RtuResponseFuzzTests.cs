using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>Damaged and random RTU responses through RtuFraming.Open and ModbusPdu.ParseResponse, with a fixed seed.</summary>
public class RtuResponseFuzzTests
{
    private const int Iterations = 70_000;

    private static readonly Mutation[] Mutations =
    [
        Mutation.None, Mutation.BitFlip, Mutation.Truncate, Mutation.Extend, Mutation.WrongUnit, Mutation.WrongFunction,
        Mutation.LyingByteCount, Mutation.ExceptionWithoutCode, Mutation.EchoMismatch, Mutation.RandomBytes,
    ];

    [Fact]
    public void DamagedFrames_NeverThrow_NeverCarryValues_AndEachDamageIsNamed()
    {
        var random = new Random(485);
        var exchange = new RandomExchange(random);
        var adu = new byte[ModbusLimits.MaxRtuAduLength + 16];
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

            int length = Build(mutation, random, exchange, adu);
            ModbusStatus status = RtuFraming.Open(adu, length, exchange.Request.Unit, out int pduLength);
            if (status == ModbusStatus.Ok)
            {
                status = ResponseInvariants.ParseAndCheck(exchange.Request, adu, RtuFraming.PduOffset, pduLength, response, i, mutation);
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

        // CRC-16 catches every error of 1 to 3 bits in a frame this short.
        tally.AssertAlways(Mutation.BitFlip, ModbusStatus.CrcError);
        tally.AssertHit(Mutation.Truncate, ModbusStatus.Truncated);
        tally.AssertHit(Mutation.Truncate, ModbusStatus.CrcError);

        // A prefix can carry a valid CRC by chance: the last two bytes kept happen to be the CRC of those before.
        // Short exception frames do so often enough to show up; the prefix is then parsed and named.
        tally.AssertOnly(Mutation.Truncate, ModbusStatus.Truncated, ModbusStatus.CrcError, ModbusStatus.MissingExceptionCode, ModbusStatus.ByteCountMismatch);
        tally.AssertHit(Mutation.Extend, ModbusStatus.CrcError);
        tally.AssertOnly(Mutation.Extend, ModbusStatus.CrcError, ModbusStatus.TrailingBytes);
        tally.AssertAlways(Mutation.WrongUnit, ModbusStatus.WrongUnit);
        tally.AssertAlways(Mutation.WrongFunction, ModbusStatus.WrongFunction);
        tally.AssertAlways(Mutation.LyingByteCount, ModbusStatus.ByteCountMismatch);
        tally.AssertAlways(Mutation.ExceptionWithoutCode, ModbusStatus.MissingExceptionCode);
        tally.AssertAlways(Mutation.EchoMismatch, ModbusStatus.EchoMismatch);
        tally.AssertHit(Mutation.RandomBytes, ModbusStatus.CrcError);
        tally.AssertHit(Mutation.RandomBytes, ModbusStatus.ExceptionResponse);
        tally.AssertHit(Mutation.RandomBytes, ModbusStatus.ByteCountMismatch);
    }

    private static int Build(Mutation mutation, Random random, RandomExchange exchange, byte[] adu)
    {
        byte unit = exchange.Request.Unit;
        exchange.ResponsePdu.AsSpan(0, exchange.ResponseLength).CopyTo(adu.AsSpan(RtuFraming.PduOffset));
        int pduLength = exchange.ResponseLength;
        switch (mutation)
        {
            case Mutation.WrongFunction:
            case Mutation.LyingByteCount:
            case Mutation.ExceptionWithoutCode:
            case Mutation.EchoMismatch:
                pduLength = PduMutator.Apply(mutation, random, adu, RtuFraming.PduOffset, pduLength, exchange.Request);
                return RtuFraming.Seal(adu, unit, pduLength);
            case Mutation.RandomBytes:
                if (random.Next(2) == 0)
                {
                    // Line noise: no valid CRC, any length.
                    int noise = random.Next(0, adu.Length + 1);
                    random.NextBytes(adu.AsSpan(0, noise));
                    return noise;
                }

                pduLength = PduMutator.Apply(mutation, random, adu, RtuFraming.PduOffset, pduLength, exchange.Request);
                return RtuFraming.Seal(adu, unit, pduLength);
            case Mutation.WrongUnit:
                return RtuFraming.Seal(adu, (byte)(unit + random.Next(1, 256)), pduLength);
        }

        int length = RtuFraming.Seal(adu, unit, pduLength);
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

            default:
                Assert.Equal(length, RtuFraming.ResponseLength(adu, length));
                return length;
        }
    }
}
