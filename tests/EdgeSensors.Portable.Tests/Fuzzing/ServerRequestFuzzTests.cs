using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>Damaged and random request PDUs through the server's ModbusPdu.ParseRequest, with a fixed seed.</summary>
public class ServerRequestFuzzTests
{
    private const int Iterations = 60_000;

    private static readonly Mutation[] Mutations =
    [
        Mutation.None, Mutation.BitFlip, Mutation.Truncate, Mutation.Extend, Mutation.UnsupportedFunction, Mutation.QuantityZero,
        Mutation.QuantityOverLimit, Mutation.LyingByteCount, Mutation.AddressOverflow, Mutation.RandomBytes,
    ];

    private static readonly byte[] SupportedFunctions = [1, 2, 3, 4, 5, 6, 15, 16];

    [Fact]
    public void DamagedRequests_NeverThrow_AndGetTheRightExceptionCode()
    {
        var random = new Random(1968);
        var exchange = new RandomExchange(random);
        var pdu = new byte[ModbusLimits.MaxPduLength + 16];
        var again = new byte[ModbusLimits.MaxPduLength];
        var parsed = new ModbusRequest();
        var tally = new StatusTally<ExceptionCode>();

        for (int i = 0; i < Iterations; i++)
        {
            exchange.Next();
            ModbusRequest sent = exchange.Request;
            Mutation mutation;
            do
            {
                mutation = Mutations[random.Next(Mutations.Length)];
            }
            while (!Applies(mutation, sent));

            int length = ModbusPdu.WriteRequest(sent, pdu, 0);
            length = Mutate(mutation, random, sent, pdu, length);

            ExceptionCode code = ModbusPdu.ParseRequest(pdu, 0, length, parsed);
            tally.Add(mutation, code);

            if (code is not (ExceptionCode.None or ExceptionCode.IllegalFunction or ExceptionCode.IllegalDataValue or ExceptionCode.IllegalDataAddress))
            {
                Assert.Fail("iteration " + i + " " + mutation + ": " + code);
            }

            if (code == ExceptionCode.None)
            {
                // Accepted means understood: it re-encodes to the same bytes and meets every limit.
                parsed.Unit = 1;
                Assert.Null(RequestValidator.Validate(parsed, serialLine: true));
                int againLength = ModbusPdu.WriteRequest(parsed, again, 0);
                if (!SameIgnoringCoilPadding(parsed, pdu, again, length, againLength))
                {
                    Assert.Fail("iteration " + i + " " + mutation + " re-encodes differently");
                }
            }
        }

        tally.AssertAlways(Mutation.None, ExceptionCode.None);
        tally.AssertAlways(Mutation.Truncate, ExceptionCode.IllegalDataValue);
        tally.AssertAlways(Mutation.Extend, ExceptionCode.IllegalDataValue);
        tally.AssertAlways(Mutation.UnsupportedFunction, ExceptionCode.IllegalFunction);
        tally.AssertAlways(Mutation.QuantityZero, ExceptionCode.IllegalDataValue);
        tally.AssertAlways(Mutation.QuantityOverLimit, ExceptionCode.IllegalDataValue);
        tally.AssertAlways(Mutation.LyingByteCount, ExceptionCode.IllegalDataValue);
        tally.AssertAlways(Mutation.AddressOverflow, ExceptionCode.IllegalDataAddress);
        tally.AssertHit(Mutation.BitFlip, ExceptionCode.None);
        tally.AssertHit(Mutation.BitFlip, ExceptionCode.IllegalFunction);
        tally.AssertHit(Mutation.BitFlip, ExceptionCode.IllegalDataValue);
        tally.AssertHit(Mutation.RandomBytes, ExceptionCode.IllegalFunction);
        tally.AssertHit(Mutation.RandomBytes, ExceptionCode.IllegalDataValue);
        tally.AssertHit(Mutation.RandomBytes, ExceptionCode.None);
    }

    private static bool HasQuantityField(ModbusRequest request)
    {
        return request.IsRead || request.Function is FunctionCode.WriteMultipleCoils or FunctionCode.WriteMultipleRegisters;
    }

    private static bool Applies(Mutation mutation, ModbusRequest request)
    {
        switch (mutation)
        {
            case Mutation.QuantityZero:
            case Mutation.QuantityOverLimit:
                return HasQuantityField(request);
            case Mutation.LyingByteCount:
                return request.Function is FunctionCode.WriteMultipleCoils or FunctionCode.WriteMultipleRegisters;
            case Mutation.AddressOverflow:
                return HasQuantityField(request) && request.Quantity >= 2;
            default:
                return true;
        }
    }

    private static int Mutate(Mutation mutation, Random random, ModbusRequest request, byte[] pdu, int length)
    {
        switch (mutation)
        {
            case Mutation.BitFlip:
                PduMutator.FlipBits(random, pdu, length);
                return length;
            case Mutation.Truncate:
                return random.Next(1, length);
            case Mutation.Extend:
                {
                    int extra = random.Next(1, 9);
                    random.NextBytes(pdu.AsSpan(length, extra));
                    return length + extra;
                }

            case Mutation.UnsupportedFunction:
                {
                    byte function;
                    do
                    {
                        function = (byte)random.Next(256);
                    }
                    while (SupportedFunctions.Contains(function));

                    pdu[0] = function;
                    return random.Next(4) == 0 ? random.Next(0, 5) : length;
                }

            case Mutation.QuantityZero:
                ModbusPdu.WriteUInt16(pdu, 3, 0);
                return length;
            case Mutation.QuantityOverLimit:
                ModbusPdu.WriteUInt16(pdu, 3, (ushort)random.Next(Limit(request.Function) + 1, 65536));
                return length;
            case Mutation.LyingByteCount:
                pdu[5] = (byte)(pdu[5] + random.Next(1, 256));
                return length;
            case Mutation.AddressOverflow:
                ModbusPdu.WriteUInt16(pdu, 1, (ushort)random.Next(65536 - request.Quantity + 1, 65536));
                return length;
            case Mutation.RandomBytes:
                {
                    int randomLength = random.Next(0, ModbusLimits.MaxPduLength + 1);
                    random.NextBytes(pdu.AsSpan(0, randomLength));
                    if (randomLength > 0 && random.Next(2) == 0)
                    {
                        pdu[0] = SupportedFunctions[random.Next(SupportedFunctions.Length)];
                    }

                    // Short random reads are the likeliest to be valid, so the accept path is reached too.
                    if (randomLength > 0 && random.Next(4) == 0)
                    {
                        pdu[0] = (byte)random.Next(1, 5);
                        pdu[3] = 0;
                        return 5;
                    }

                    return randomLength;
                }

            default:
                return length;
        }
    }

    private static int Limit(FunctionCode function)
    {
        switch (function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                return ModbusLimits.MaxReadBits;
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                return ModbusLimits.MaxReadRegisters;
            case FunctionCode.WriteMultipleCoils:
                return ModbusLimits.MaxWriteCoils;
            default:
                return ModbusLimits.MaxWriteRegisters;
        }
    }

    private static bool SameIgnoringCoilPadding(ModbusRequest request, byte[] received, byte[] again, int length, int againLength)
    {
        if (length != againLength)
        {
            return false;
        }

        int paddedByte = request.Function == FunctionCode.WriteMultipleCoils && request.Quantity % 8 != 0 ? length - 1 : -1;
        byte keep = paddedByte < 0 ? (byte)0xFF : (byte)~(0xFF << (request.Quantity % 8));
        for (int i = 0; i < length; i++)
        {
            byte mask = i == paddedByte ? keep : (byte)0xFF;
            if ((received[i] & mask) != (again[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
