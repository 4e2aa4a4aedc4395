using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>
/// The outcome of one request read into the caller's buffer (<see cref="ModbusBus.ReadRegistersAsync"/>): the same
/// facts as <see cref="ModbusResult"/> without the values, so a poll loop allocates nothing per request.
/// </summary>
public readonly record struct ModbusOutcome(ModbusStatus Status, ExceptionCode ExceptionCode, int Attempts, TimeSpan Latency)
{
    public bool IsOk => Status == ModbusStatus.Ok;
}
