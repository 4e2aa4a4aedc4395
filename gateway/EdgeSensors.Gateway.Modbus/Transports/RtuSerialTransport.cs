using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>Modbus RTU over a serial port (System.IO.Ports): opened on first use, reopened after a fault.</summary>
public sealed class RtuSerialTransport : IModbusTransport
{
    private readonly SerialRtuLine _line;
    private readonly RtuStreamFramer _framer;

    public RtuSerialTransport(SerialLineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.PortName, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Baud, 300, nameof(settings));
        Settings = settings;
        _line = new SerialRtuLine(settings);
        _framer = new RtuStreamFramer(_line, settings.Baud);
    }

    public SerialLineSettings Settings { get; }

    public string Name => "rtu:" + Settings.PortName + "@" + Settings.Describe();

    public bool IsSerialLine => true;

    public ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct) =>
        _framer.ExchangeAsync(request, response, timeout, ct);

    public ValueTask DisposeAsync()
    {
        _line.Dispose();
        return ValueTask.CompletedTask;
    }
}
