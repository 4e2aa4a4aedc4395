using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// One physical link to Modbus units: it frames one request, sends it and reads the one response.
/// It is not thread-safe on purpose: a <see cref="Master.ModbusBus"/> owns it and keeps one request in flight.
/// </summary>
public interface IModbusTransport : IAsyncDisposable
{
    /// <summary>Where the link goes, for logs: "tcp://10.0.0.5:502", "rtu:/dev/ttyUSB0@9600-8N1", "rtu-over-tcp://host:4001".</summary>
    string Name { get; }

    /// <summary>True for RTU (serial line rules: unit 1-247, t3.5 silence).</summary>
    bool IsSerialLine { get; }

    /// <summary>
    /// Sends <paramref name="request"/> and parses the answer into <paramref name="response"/>. Protocol outcomes
    /// (timeout, CRC error, exception response, dropped link) are statuses; only cancellation by
    /// <paramref name="ct"/> throws. A ValueTask, awaited once, so an exchange that completes at once allocates nothing.
    /// </summary>
    ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct);
}
