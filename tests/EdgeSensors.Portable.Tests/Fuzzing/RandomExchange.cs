using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>
/// A valid request and the valid response PDU a server would send, drawn from a seeded Random. Buffers are
/// reused, so hundreds of thousands of exchanges stay fast.
/// </summary>
internal sealed class RandomExchange
{
    private static readonly FunctionCode[] Functions = Enum.GetValues<FunctionCode>();
    private static readonly ExceptionCode[] Codes = Enum.GetValues<ExceptionCode>().Where(c => c != ExceptionCode.None).ToArray();

    private readonly Random _random;
    private readonly ushort[] _registers = new ushort[ModbusLimits.MaxReadRegisters];
    private readonly bool[] _bits = new bool[ModbusLimits.MaxReadBits];
    private readonly byte[] _noise = new byte[2 * ModbusLimits.MaxReadRegisters];

    public RandomExchange(Random random)
    {
        _random = random;
    }

    public ModbusRequest Request { get; } = new();

    public byte[] ResponsePdu { get; } = new byte[ModbusLimits.MaxPduLength];

    public int ResponseLength { get; private set; }

    /// <summary>True when the response is an exception rather than a normal answer.</summary>
    public bool IsException { get; private set; }

    public void Next()
    {
        FunctionCode function = Functions[_random.Next(Functions.Length)];
        int quantity = Quantity(function);
        ushort address = (ushort)(_random.Next(4) == 0 ? 65536 - quantity : _random.Next(0, 65536 - quantity + 1));
        byte unit = (byte)_random.Next(1, 248);
        // One NextBytes call per exchange rather than one Next per value keeps 200k exchanges fast.
        _random.NextBytes(_noise);
        for (int i = 0; i < quantity && i < _registers.Length; i++)
        {
            _registers[i] = (ushort)((_noise[2 * i] << 8) | _noise[(2 * i) + 1]);
        }

        for (int i = 0; i < quantity; i++)
        {
            _bits[i] = (_noise[i >> 3] & (1 << (i & 7))) != 0;
        }

        switch (function)
        {
            case FunctionCode.WriteSingleCoil:
                Request.SetWriteSingleCoil(unit, address, _bits[0]);
                break;
            case FunctionCode.WriteSingleRegister:
                Request.SetWriteSingleRegister(unit, address, _registers[0]);
                break;
            case FunctionCode.WriteMultipleCoils:
                Request.SetWriteMultipleCoils(unit, address, _bits, quantity);
                break;
            case FunctionCode.WriteMultipleRegisters:
                Request.SetWriteMultipleRegisters(unit, address, _registers, quantity);
                break;
            default:
                Request.SetRead(unit, function, address, (ushort)quantity);
                break;
        }

        IsException = _random.Next(10) == 0;
        if (IsException)
        {
            ResponseLength = ModbusPdu.WriteExceptionResponse((byte)function, Codes[_random.Next(Codes.Length)], ResponsePdu, 0);
            return;
        }

        switch (function)
        {
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                ResponseLength = ModbusPdu.WriteRegistersResponse(function, _registers, quantity, ResponsePdu, 0);
                break;
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                ResponseLength = ModbusPdu.WriteBitsResponse(function, _bits, quantity, ResponsePdu, 0);
                break;
            default:
                ResponseLength = ModbusPdu.WriteWriteResponse(Request, ResponsePdu, 0);
                break;
        }
    }

    private int Quantity(FunctionCode function)
    {
        int max;
        switch (function)
        {
            case FunctionCode.ReadCoils:
            case FunctionCode.ReadDiscreteInputs:
                max = ModbusLimits.MaxReadBits;
                break;
            case FunctionCode.ReadHoldingRegisters:
            case FunctionCode.ReadInputRegisters:
                max = ModbusLimits.MaxReadRegisters;
                break;
            case FunctionCode.WriteMultipleCoils:
                max = ModbusLimits.MaxWriteCoils;
                break;
            case FunctionCode.WriteMultipleRegisters:
                max = ModbusLimits.MaxWriteRegisters;
                break;
            default:
                return 1;
        }

        switch (_random.Next(8))
        {
            case 0:
                return 1;
            case 1:
                return max;
            default:
                return _random.Next(1, max + 1);
        }
    }
}
