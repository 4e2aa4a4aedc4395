using System.Net;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Interop.Tests.Expected;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>
/// Our Modbus server side serving expected-values.json from a RegisterBank: ModbusTcpServer on a free port and
/// ModbusRtuServer on the server end of a socat pty pair. The typed values are written with the portable
/// RegisterEncoder; peers' readings are checked against ReferenceEncoding, an independent encoding.
/// Units that answer with an exception use the bank's forced exceptions, mirroring the pymodbus server.
/// </summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    private SocatPtyPair? _ptys;
    private ModbusTcpServer? _tcp;
    private ModbusRtuServer? _rtu;

    public RegisterBank Bank { get; } = new();

    /// <summary>Null when socat is installed, else why the RTU side cannot run here.</summary>
    public string? MissingPeer { get; private set; }

    public int TcpPort => _tcp?.LocalEndPoint.Port ?? throw new InvalidOperationException("not started");

    /// <summary>The pty end a third-party RTU master opens.</summary>
    public string RtuDevice => _ptys?.ClientEnd ?? throw new InvalidOperationException("not started: " + MissingPeer);

    internal static ExpectedValues Expected => ExpectedValues.Shared;

    /// <summary>The exception cases our server reproduces: forced per unit, and 02 past the bounded holding table.</summary>
    internal static IEnumerable<ExpectedException> ExceptionCases =>
        Expected.Exceptions.Where(e => e.Via == "manipulated_unit")
            .Append(new ExpectedException(0x02, Expected.Unit, "holding", (ushort)(Expected.Sizes.Holding - 2), 4, "bounded_datastore"));

    public async Task InitializeAsync()
    {
        Fill(Bank);
        _tcp = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), Bank);
        await _tcp.StartAsync();

        MissingPeer = SocatPtyPair.MissingReason;
        if (MissingPeer is null)
        {
            _ptys = await SocatPtyPair.StartAsync();
            _rtu = ModbusRtuServer.OpenSerial(new SerialLineSettings { PortName = _ptys.ServerEnd, Baud = 9600 }, Bank);
            await _rtu.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_rtu is not null)
        {
            await _rtu.DisposeAsync();
        }

        if (_ptys is not null)
        {
            await _ptys.DisposeAsync();
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }
    }

    private static void Fill(RegisterBank bank)
    {
        byte unit = Expected.Unit;
        bank.AddUnit(unit, Expected.Sizes.Holding);
        var holding = new ushort[Expected.HoldingValuesEnd];
        foreach (TypedValue value in Expected.HoldingValues)
        {
            if (value.Type is DataType.Int64 or DataType.UInt64)
            {
                // Beyond 2^53 a double cannot carry the value, so the exact bit pattern goes in.
                RegisterEncoder.WriteBits(value.Bits, holding, value.Address, value.RegisterCount, value.Order);
            }
            else
            {
                RegisterEncoder.Encode(value.AsDouble, value.Type, value.Order, holding, value.Address);
            }
        }

        bank.SetHolding(unit, 0, holding);
        bank.SetInput(unit, Expected.InputRegisters.Address, Expected.InputRegisters.Registers);
        bank.SetCoils(unit, Expected.Coils.Address, Expected.Coils.Values);
        bank.SetDiscreteInputs(unit, Expected.DiscreteInputs.Address, Expected.DiscreteInputs.Values);
        foreach (ExpectedException forced in ExceptionCases.Where(e => e.Via == "manipulated_unit"))
        {
            bank.AddUnit(forced.Unit, 16);
            bank.SetForcedException(forced.Unit, forced.ExceptionCode);
        }
    }
}
