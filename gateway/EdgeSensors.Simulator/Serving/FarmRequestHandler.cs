using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Faults;

namespace EdgeSensors.Simulator.Serving;

/// <summary>
/// Answers Modbus requests from the farm's register images and plays the configured faults: a dead unit stays
/// silent, a slow one answers late, others answer an exception, a corrupted CRC or garbage, and every Nth request
/// can drop the TCP connection. Units not in the farm get no reply, as on a real bus.
/// </summary>
public sealed class FarmRequestHandler : IModbusRequestHandler
{
    private readonly TankFarm _farm;
    private readonly FaultOptions _faults;
    private readonly Random _random;
    private long _requests;

    public FarmRequestHandler(TankFarm farm, FaultOptions? faults = null, int seed = 1)
    {
        _farm = farm;
        _faults = faults ?? new FaultOptions();
        _random = new Random(seed);
    }

    /// <summary>Requests seen, including those given no reply.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public async ValueTask<ServerAction> HandleAsync(ServerExchange exchange, CancellationToken ct)
    {
        long count = Interlocked.Increment(ref _requests);
        if (!_farm.TryGetDevice(exchange.Unit, out SimulatedDevice device) || _faults.Dead.Contains(exchange.Unit))
        {
            return ServerAction.NoReply;
        }

        if (_faults.Slow.TryGetValue(exchange.Unit, out TimeSpan delay))
        {
            // Real time on purpose: a slow unit is about the master's timeout, not the simulated process.
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }

        if (_faults.DropTcpEvery > 0 && count % _faults.DropTcpEvery == 0)
        {
            return ServerAction.DropConnection;
        }

        if (_faults.Exceptions.TryGetValue(exchange.Unit, out ExceptionCode forced))
        {
            exchange.ResponseLength = ModbusPdu.WriteExceptionResponse((byte)exchange.Request.Function, forced, exchange.ResponsePdu, 0);
            return ServerAction.Reply;
        }

        _farm.Sync();
        lock (_farm.SyncRoot)
        {
            exchange.ResponseLength = DeviceResponder.Respond(device.Registers, exchange.Request, exchange.ResponsePdu);
        }

        if (Chance(_faults.CorruptCrc, exchange.Unit))
        {
            return ServerAction.CorruptCrc;
        }

        return Chance(_faults.Garbage, exchange.Unit) ? ServerAction.Garbage : ServerAction.Reply;
    }

    private bool Chance(Dictionary<byte, double> rates, byte unit)
    {
        if (!rates.TryGetValue(unit, out double rate))
        {
            return false;
        }

        lock (_random)
        {
            return _random.NextDouble() < rate;
        }
    }
}
