using EdgeSensors.Gateway.Modbus.Transports;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>A Modbus RTU server over any byte stream: a serial port, a socat pty, a TCP stream.</summary>
public sealed class ModbusRtuServer : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IModbusRequestHandler _handler;

    public ModbusRtuServer(Stream stream, IModbusRequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(handler);
        _stream = stream;
        _handler = handler;
    }

    /// <summary>The line speed, used for the t3.5 silence that separates frames.</summary>
    public int Baud { get; init; } = 9600;

    public static ModbusRtuServer OpenSerial(SerialLineSettings settings, IModbusRequestHandler handler) => throw new NotImplementedException();

    public Task StartAsync(CancellationToken ct = default) => throw new NotImplementedException();

    public Task StopAsync() => throw new NotImplementedException();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
