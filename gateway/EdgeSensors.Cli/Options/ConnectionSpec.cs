using EdgeSensors.Gateway.Modbus.Transports;

namespace EdgeSensors.Cli.Options;

/// <summary>One way to reach a bus, as chosen on the command line; it creates the transport when asked.</summary>
public sealed class ConnectionSpec
{
    private ConnectionSpec(string kind, HostPort endpoint, string? portName, SerialLine line)
    {
        Kind = kind;
        Endpoint = endpoint;
        PortName = portName;
        Line = line;
    }

    /// <summary>"tcp", "rtu" or "rtu-over-tcp".</summary>
    public string Kind { get; }

    public HostPort Endpoint { get; }

    public string? PortName { get; }

    public SerialLine Line { get; }

    public bool IsSerial => PortName is not null;

    public static ConnectionSpec ForTcp(HostPort endpoint) => new("tcp", endpoint, null, default);

    public static ConnectionSpec ForRtuOverTcp(HostPort endpoint) => new("rtu-over-tcp", endpoint, null, default);

    public static ConnectionSpec ForSerial(string portName, SerialLine line) => new("rtu", default, portName, line);

    /// <summary>The same serial port at other line settings (scan tries several).</summary>
    public ConnectionSpec WithLine(SerialLine line) => IsSerial ? new ConnectionSpec(Kind, Endpoint, PortName, line) : this;

    public IModbusTransport CreateTransport() => Kind switch
    {
        "tcp" => new TcpTransport(Endpoint.Host, Endpoint.Port),
        "rtu-over-tcp" => new RtuOverTcpTransport(Endpoint.Host, Endpoint.Port),
        _ => new RtuSerialTransport(new SerialLineSettings
        {
            PortName = PortName!,
            Baud = Line.Baud,
            Parity = ToParity(Line.Parity),
            StopBits = Line.StopBits == 2 ? System.IO.Ports.StopBits.Two : System.IO.Ports.StopBits.One,
        }),
    };

    public static System.IO.Ports.Parity ToParity(string parity) => parity switch
    {
        "even" => System.IO.Ports.Parity.Even,
        "odd" => System.IO.Ports.Parity.Odd,
        _ => System.IO.Ports.Parity.None,
    };

    public override string ToString() => Kind switch
    {
        "tcp" => $"tcp://{Endpoint}",
        "rtu-over-tcp" => $"rtu-over-tcp://{Endpoint}",
        _ => $"rtu:{PortName}@{Line}",
    };
}
