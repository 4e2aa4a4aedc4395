using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// Polls through the gateway's RTU master attached straight to the simulated line: ModbusBus over the same
/// RtuStreamFramer the serial and RTU-over-TCP transports use (t3.5 silence, length-driven reads, draining), with
/// <see cref="EndpointRtuLine"/> in place of a serial port. Unlike <see cref="GatewayRtuPoller"/> there is no TCP
/// bridge, so the figure is the master's own.
/// </summary>
internal sealed class DirectRtuPoller : IRtuPoller
{
    private readonly ModbusBus _bus;
    private readonly ushort[] _values;

    public DirectRtuPoller(SerialLineEndpoint line, int baud, ushort registers)
    {
        _values = new ushort[registers];
        _bus = new ModbusBus(new FramedLineTransport(line, baud));
    }

    public string Name => "gateway ModbusBus + RtuStreamFramer on the line (no bridge)";

    public async Task<bool> PollAsync(CancellationToken ct)
    {
        var outcome = await _bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, _values, ct);
        return outcome.IsOk && _values[^1] == _values.Length - 1;
    }

    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    private sealed class FramedLineTransport(SerialLineEndpoint line, int baud) : IModbusTransport
    {
        private readonly RtuStreamFramer _framer = new(new EndpointRtuLine(line), baud);

        public string Name => "simulated-line@" + baud;

        public bool IsSerialLine => true;

        public ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct) =>
            _framer.ExchangeAsync(request, response, timeout, ct);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The simulated line's master end as an RTU line: one write is one frame, reads return what has arrived.</summary>
    private sealed class EndpointRtuLine(SerialLineEndpoint line) : IRtuLine
    {
        public bool IsOpen => true;

        public ValueTask OpenAsync(CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => line.ReadAsync(buffer.AsMemory(offset, count), ct);

        public ValueTask WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => line.WriteAsync(buffer.AsMemory(offset, count), ct);

        public async ValueTask DrainAsync(LineSilence silence, CancellationToken ct)
        {
            line.DiscardReceived();
            await silence.WaitSinceAsync(System.Diagnostics.Stopwatch.GetTimestamp());
            line.DiscardReceived();
        }

        public void Close()
        {
        }
    }
}
