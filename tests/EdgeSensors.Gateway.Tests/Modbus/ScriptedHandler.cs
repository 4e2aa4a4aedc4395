using EdgeSensors.Gateway.Modbus.Server;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>Plays a scripted list of actions for the first requests, then answers normally from the bank; records units served in order.</summary>
internal sealed class ScriptedHandler : IModbusRequestHandler
{
    private readonly RegisterBank _bank;
    private readonly Queue<ServerAction> _script;
    private readonly List<byte> _served = [];

    public ScriptedHandler(RegisterBank bank, params ServerAction[] script)
    {
        _bank = bank;
        _script = new Queue<ServerAction>(script);
    }

    /// <summary>Units of the requests handled, in arrival order.</summary>
    public IReadOnlyList<byte> Served
    {
        get
        {
            lock (_served)
            {
                return _served.ToArray();
            }
        }
    }

    /// <summary>When set, each request waits for this before it is answered.</summary>
    public Task? Gate { get; set; }

    public async ValueTask<ServerAction> HandleAsync(ServerExchange exchange, CancellationToken ct)
    {
        lock (_served)
        {
            _served.Add(exchange.Unit);
        }

        if (Gate is { } gate)
        {
            await gate.WaitAsync(ct);
        }

        ServerAction bankAction = await _bank.HandleAsync(exchange, ct);
        lock (_script)
        {
            return _script.Count > 0 ? _script.Dequeue() : bankAction;
        }
    }
}
