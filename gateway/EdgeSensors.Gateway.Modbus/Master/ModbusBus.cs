using EdgeSensors.Gateway.Modbus.Diagnostics;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>
/// The one owner of a physical bus (serial port or TCP connection): exactly one request in flight, fair
/// round-robin across units, per-request timeout, retries with backoff, dead-unit isolation.
/// </summary>
public sealed class ModbusBus : IAsyncDisposable
{
    private readonly IModbusTransport _transport;

    public ModbusBus(IModbusTransport transport, BusOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        Options = options ?? new BusOptions();
        Options.Validate();
    }

    public BusOptions Options { get; }

    public string Name => _transport.Name;

    public IReadOnlyList<UnitCounters> AllCounters => throw new NotImplementedException();

    public UnitCounters Counters(byte unit) => throw new NotImplementedException();

    public Task<ModbusResult> ReadAsync(byte unit, RegisterTable table, ushort address, ushort count, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<ModbusResult> WriteRegisterAsync(byte unit, ushort address, ushort value, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<ModbusResult> WriteRegistersAsync(byte unit, ushort address, ushort[] values, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<ModbusResult> WriteCoilAsync(byte unit, ushort address, bool value, CancellationToken ct = default) => throw new NotImplementedException();

    public Task<ModbusResult> WriteCoilsAsync(byte unit, ushort address, bool[] values, CancellationToken ct = default) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
