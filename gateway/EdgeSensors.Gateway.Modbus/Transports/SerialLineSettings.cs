using System.IO.Ports;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>Serial line parameters. RS-485 adapters are plain serial ports on Linux (/dev/ttyUSB0).</summary>
public sealed record SerialLineSettings
{
    public SerialLineSettings()
    {
    }

    public SerialLineSettings(string portName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        PortName = portName;
    }

    /// <summary>The device path, for example /dev/ttyUSB0 or a socat pty link.</summary>
    public string PortName { get; init; } = "";

    public int Baud { get; init; } = 9600;

    public Parity Parity { get; init; } = Parity.None;

    public int DataBits { get; init; } = 8;

    public StopBits StopBits { get; init; } = StopBits.One;

    /// <summary>"9600-8N1" style summary used in transport names.</summary>
    public string Describe()
    {
        char parity = Parity switch
        {
            Parity.Even => 'E',
            Parity.Odd => 'O',
            Parity.Mark => 'M',
            Parity.Space => 'S',
            _ => 'N',
        };
        string stop = StopBits switch
        {
            StopBits.Two => "2",
            StopBits.OnePointFive => "1.5",
            _ => "1",
        };
        return Baud + "-" + DataBits + parity + stop;
    }
}
