using System.Net;
using System.Net.Sockets;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>RTU frames with CRC inside a TCP stream, as a serial device server passes them: master and RTU server over loopback.</summary>
public sealed class RtuOverTcpTests
{
    [Fact]
    public async Task ReadsAndWrites_ThroughRtuFramesOverTcp()
    {
        var bank = new RegisterBank().AddUnit(17);
        bank.SetInput(17, 100, 0x0001, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x3F80, 0x0000);
        await using var rig = await RtuOverTcpRig.StartAsync(bank);

        var read = await rig.Bus.ReadAsync(17, RegisterTable.InputRegister, 100, 8);
        var write = await rig.Bus.WriteRegistersAsync(17, 200, [246, 9600]);
        var coil = await rig.Bus.WriteCoilAsync(17, 1, true);
        var coils = await rig.Bus.ReadAsync(17, RegisterTable.Coil, 0, 3);

        Assert.True(read.IsOk, read.Describe());
        Assert.Equal(0x3F80, read.Registers[6]);
        Assert.True(write.IsOk, write.Describe());
        Assert.Equal(9600, bank.GetHolding(17, 201));
        Assert.True(coil.IsOk, coil.Describe());
        Assert.Equal(new[] { false, true, false }, coils.Bits);
        Assert.True(rig.Bus.Transport.IsSerialLine);
        Assert.StartsWith("rtu-over-tcp://127.0.0.1:", rig.Bus.Name);
    }

    [Fact]
    public async Task CorruptCrc_IsCountedAsCrcError_AndTheNextRequestSucceeds()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 300);
        var handler = new ScriptedHandler(bank, ServerAction.CorruptCrc);
        await using var rig = await RtuOverTcpRig.StartAsync(handler);

        var corrupt = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
        var next = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);

        Assert.Equal(ModbusStatus.CrcError, corrupt.Status);
        Assert.Empty(corrupt.Registers); // no stale value survives a bad frame
        Assert.Contains("CRC error", corrupt.Describe());
        Assert.True(next.IsOk, next.Describe());
        Assert.Equal(new ushort[] { 300 }, next.Registers);
        Assert.Equal(1, rig.Bus.Counters(1).CrcErrors);
        Assert.Equal(1, rig.Bus.Counters(1).Successes);
    }

    [Fact]
    public async Task Garbage_IsAFailure_AndTheLineIsDrainedBeforeTheNextRequest()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 12);
        var handler = new ScriptedHandler(bank, ServerAction.Garbage, ServerAction.Garbage);
        await using var rig = await RtuOverTcpRig.StartAsync(handler);

        var first = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
        var second = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
        var third = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);

        Assert.False(first.IsOk);
        Assert.False(second.IsOk);
        Assert.True(third.IsOk, third.Describe());
        Assert.Equal(new ushort[] { 12 }, third.Registers);
    }

    [Fact]
    public async Task ExceptionResponse_IsMappedOverRtu()
    {
        var bank = new RegisterBank().AddUnit(1, size: 2);
        await using var rig = await RtuOverTcpRig.StartAsync(bank);

        var result = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 1, 5);

        Assert.Equal(ModbusStatus.ExceptionResponse, result.Status);
        Assert.Equal(ExceptionCode.IllegalDataAddress, result.ExceptionCode);
        Assert.Equal(1, rig.Bus.Counters(1).ExceptionCount(ExceptionCode.IllegalDataAddress));
    }

    [Fact]
    public async Task UnitZero_IsRejectedOnASerialLine()
    {
        await using var rig = await RtuOverTcpRig.StartAsync(new RegisterBank());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Bus.ReadAsync(0, RegisterTable.HoldingRegister, 0, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Bus.ReadAsync(248, RegisterTable.HoldingRegister, 0, 1));
    }

    /// <summary>A TCP listener whose first connection is served by a ModbusRtuServer; a bus with an RtuOverTcpTransport to it.</summary>
    private sealed class RtuOverTcpRig : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task<ModbusRtuServer> _server;

        private RtuOverTcpRig(TcpListener listener, Task<ModbusRtuServer> server, ModbusBus bus)
        {
            _listener = listener;
            _server = server;
            Bus = bus;
        }

        public ModbusBus Bus { get; }

        public static Task<RtuOverTcpRig> StartAsync(IModbusRequestHandler handler)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Task<ModbusRtuServer> server = ServeFirstConnectionAsync(listener, handler);
            var bus = new ModbusBus(new RtuOverTcpTransport("127.0.0.1", port), InProcessTcpBus.FastOptions());
            return Task.FromResult(new RtuOverTcpRig(listener, server, bus));
        }

        public async ValueTask DisposeAsync()
        {
            await Bus.DisposeAsync();
            _listener.Stop();
            if (_server.IsCompletedSuccessfully)
            {
                await _server.Result.DisposeAsync();
            }
        }

        private static async Task<ModbusRtuServer> ServeFirstConnectionAsync(TcpListener listener, IModbusRequestHandler handler)
        {
            Socket socket = await listener.AcceptSocketAsync();
            var server = new ModbusRtuServer(new NetworkStream(socket, ownsSocket: true), handler);
            await server.StartAsync();
            return server;
        }
    }
}
