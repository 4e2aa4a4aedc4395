using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Interop.Tests.Expected;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Interop.Tests.MasterAgainstPymodbus;

/// <summary>
/// Our master (ModbusBus over a real transport) reads the pymodbus reference server end to end: every type
/// in every word order decoded with the portable RegisterDecoder, input registers, coils, discrete inputs,
/// and every exception code, all checked against expected-values.json. The derived classes pick the transport.
/// </summary>
[Trait("Category", "Interop")]
public abstract class MasterReadsPymodbusTests : IClassFixture<PymodbusServerFixture>, IAsyncLifetime
{
    private ModbusBus? _bus;

    protected MasterReadsPymodbusTests(PymodbusServerFixture server)
    {
        Server = server;
    }

    public static TheoryData<string> HoldingValueNames => new(ExpectedValues.Shared.HoldingValues.Select(v => v.Name));

    public static TheoryData<string> ExceptionCases => new(ExpectedValues.Shared.Exceptions.Select(e => e.CaseName));

    protected PymodbusServerFixture Server { get; }

    private static ExpectedValues Expected => ExpectedValues.Shared;

    private ModbusBus Bus => _bus ?? throw new InvalidOperationException("bus not created");

    public Task InitializeAsync()
    {
        if (MissingPeer is null)
        {
            _bus = new ModbusBus(CreateTransport());
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(HoldingValueNames))]
    public async Task Reads_each_type_in_each_word_order(string name)
    {
        PeerGate.Require(MissingPeer);
        TypedValue value = Expected.Value(name);

        ModbusResult result = await Bus.ReadAsync(Expected.Unit, RegisterTable.HoldingRegister, value.Address, (ushort)value.RegisterCount);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(value.RegisterCount, result.Registers.Length);
        Assert.Equal(value.Bits.ToString("X16"), RegisterDecoder.ReadBits(result.Registers, 0, value.RegisterCount, value.Order).ToString("X16"));
        Assert.Equal(value.AsDouble, RegisterDecoder.Decode(result.Registers, 0, value.Type, value.Order));
    }

    [SkippableFact]
    public async Task Reads_every_typed_value_in_one_request()
    {
        PeerGate.Require(MissingPeer);

        ModbusResult result = await Bus.ReadAsync(Expected.Unit, RegisterTable.HoldingRegister, 0, (ushort)Expected.HoldingValuesEnd);

        Assert.True(result.IsOk, result.Describe());
        foreach (TypedValue value in Expected.HoldingValues)
        {
            Assert.True(
                value.AsDouble.Equals(RegisterDecoder.Decode(result.Registers, value.Address, value.Type, value.Order)),
                value.Name + " decoded as " + RegisterDecoder.Decode(result.Registers, value.Address, value.Type, value.Order));
        }
    }

    [SkippableFact]
    public async Task Reads_input_registers()
    {
        PeerGate.Require(MissingPeer);
        RegisterBlock block = Expected.InputRegisters;

        ModbusResult result = await Bus.ReadAsync(Expected.Unit, RegisterTable.InputRegister, block.Address, (ushort)block.Registers.Length);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(block.Registers, result.Registers);
    }

    [SkippableFact]
    public async Task Reads_coils()
    {
        PeerGate.Require(MissingPeer);
        BitBlock block = Expected.Coils;

        ModbusResult result = await Bus.ReadAsync(Expected.Unit, RegisterTable.Coil, block.Address, (ushort)block.Bits.Length);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(block.Values, result.Bits);
    }

    [SkippableFact]
    public async Task Reads_discrete_inputs()
    {
        PeerGate.Require(MissingPeer);
        BitBlock block = Expected.DiscreteInputs;

        ModbusResult result = await Bus.ReadAsync(Expected.Unit, RegisterTable.DiscreteInput, block.Address, (ushort)block.Bits.Length);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(block.Values, result.Bits);
    }

    [SkippableTheory]
    [MemberData(nameof(ExceptionCases))]
    public async Task Reports_each_exception_code_and_counts_it(string caseName)
    {
        PeerGate.Require(MissingPeer);
        ExpectedException expected = Expected.Exceptions.Single(e => e.CaseName == caseName);

        ModbusResult result = await Bus.ReadAsync(expected.Unit, expected.RegisterTable, expected.Address, expected.Count);

        Assert.Equal(ModbusStatus.ExceptionResponse, result.Status);
        Assert.Equal(expected.ExceptionCode, result.ExceptionCode);
        Assert.Equal(expected.Unit, result.Unit);
        Assert.True(Bus.Counters(expected.Unit).ExceptionCount(expected.ExceptionCode) >= 1, "exception " + caseName + " was not counted");
    }

    [SkippableFact]
    public async Task Times_out_on_a_unit_nobody_answers()
    {
        PeerGate.Require(MissingPeer);
        await using var bus = new ModbusBus(CreateTransport(), new BusOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0 });

        ModbusResult result = await bus.ReadAsync(Expected.SilentUnit.Unit, RegisterTable.HoldingRegister, 0, 1);

        Assert.Equal(ModbusStatus.Timeout, result.Status);
        Assert.Equal(1, bus.Counters(Expected.SilentUnit.Unit).Timeouts);
    }

    /// <summary>Null when the server and this transport's peers are available, else why not.</summary>
    protected abstract string? MissingPeer { get; }

    /// <summary>A new transport to the fixture's server; the bus owns and disposes it.</summary>
    protected abstract IModbusTransport CreateTransport();
}
