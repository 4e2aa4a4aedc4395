using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

public sealed class RtuSerialTransport : IModbusTransport
{
    public RtuSerialTransport(SerialLineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    public SerialLineSettings Settings { get; }

    public string Name => "rtu:" + Settings.PortName + "@" + Settings.Describe();

    public bool IsSerialLine => true;

    public Task<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
