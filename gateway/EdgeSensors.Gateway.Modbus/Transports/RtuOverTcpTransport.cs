using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// RTU frames (with CRC) inside a TCP stream, for serial device servers that pass bytes through unchanged.
/// No transaction ids: the line discipline is the same as on a serial port.
/// </summary>
public sealed class RtuOverTcpTransport : IModbusTransport
{
    private readonly TcpRtuLine _line;
    private readonly RtuStreamFramer _framer;

    public RtuOverTcpTransport(string host, int port)
        : this(host, port, 9600)
    {
    }

    /// <param name="host">The device server.</param>
    /// <param name="port">Its raw TCP port.</param>
    /// <param name="serialBaud">The serial side's baud, for the t3.5 gap kept between requests.</param>
    public RtuOverTcpTransport(string host, int port, int serialBaud)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(serialBaud, 300);
        Host = host;
        Port = port;
        _line = new TcpRtuLine(host, port);
        _framer = new RtuStreamFramer(_line, serialBaud);
    }

    public string Host { get; }

    public int Port { get; }

    public string Name => "rtu-over-tcp://" + HostPortText.Format(Host, Port);

    /// <summary>
    /// The longest the connect to the device server may take, or the response timeout if that is longer (see
    /// <see cref="TcpTransport.ConnectTimeout"/>). The response timeout starts once the connection is up.
    /// </summary>
    public TimeSpan ConnectTimeout
    {
        get => _framer.ConnectTimeout;
        init => _framer.ConnectTimeout = value;
    }

    public bool IsSerialLine => true;

    public ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct) =>
        _framer.ExchangeAsync(request, response, timeout, ct);

    public ValueTask DisposeAsync() => _line.DisposeAsync();
}
