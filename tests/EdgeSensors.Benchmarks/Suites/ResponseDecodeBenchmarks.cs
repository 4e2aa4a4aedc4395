using BenchmarkDotNet.Attributes;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Suites;

/// <summary>
/// Steady-state cost of turning one received RTU response of 125 registers into numbers: CRC and unit check
/// (RtuFraming.Open), PDU parse (ModbusPdu.ParseResponse) and decoding every field of a mixed register map
/// (RegisterDecoder.Decode). The goal is 0 B allocated per poll, so nothing is allocated per register.
/// </summary>
[MemoryDiagnoser]
public class ResponseDecodeBenchmarks
{
    private const byte Unit = 7;
    private const int Registers = ModbusLimits.MaxReadRegisters;

    private readonly ModbusRequest _request = new();
    private readonly ModbusResponse _response = new();
    private readonly byte[] _adu = new byte[RtuFraming.Overhead + 2 + (2 * Registers)];
    private int _aduLength;
    private ResponseField[] _fields = [];

    [GlobalSetup]
    public void Setup()
    {
        _request.SetRead(Unit, FunctionCode.ReadHoldingRegisters, 0, Registers);
        _fields = MixedRegisterMap.Build(Registers);
        var registers = MixedRegisterMap.Encode(Registers);

        int pduLength = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, registers, Registers, _adu, RtuFraming.PduOffset);
        _aduLength = RtuFraming.Seal(_adu, Unit, pduLength);
        if (Decode() == 0)
        {
            throw new InvalidOperationException("the benchmark response did not decode");
        }
    }

    /// <summary>Opens, parses and decodes one 125-register response; returns the sum so nothing is optimised away.</summary>
    [Benchmark]
    public double Decode()
    {
        if (RtuFraming.Open(_adu, _aduLength, Unit, out int pduLength) != ModbusStatus.Ok
            || ModbusPdu.ParseResponse(_request, _adu, RtuFraming.PduOffset, pduLength, _response) != ModbusStatus.Ok)
        {
            return 0;
        }

        double sum = 0;
        foreach (var field in _fields)
        {
            sum += RegisterDecoder.Decode(_response.Registers, field.Index, field.Type, field.Order);
        }

        return sum;
    }
}
