using System.Net;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Gateway.Modbus.Transports;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>A real ModbusTcpServer on 127.0.0.1 (free port) serving a handler, and a bus talking to it.</summary>
internal sealed class InProcessTcpBus : IAsyncDisposable
{
    private InProcessTcpBus(ModbusTcpServer server, ModbusBus bus)
    {
        Server = server;
        Bus = bus;
    }

    public ModbusTcpServer Server { get; }

    public ModbusBus Bus { get; }

    public static async Task<InProcessTcpBus> StartAsync(IModbusRequestHandler handler, BusOptions? options = null)
    {
        var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), handler);
        await server.StartAsync();
        var bus = new ModbusBus(new TcpTransport("127.0.0.1", server.LocalEndPoint.Port), options ?? FastOptions());
        return new InProcessTcpBus(server, bus);
    }

    /// <summary>
    /// Short backoffs so failure paths run quickly; nothing asserts on time. The timeout is 1 s, not less: on a loaded
    /// two-core machine an in-process exchange has been seen to stall for more than 300 ms, which failed healthy reads.
    /// </summary>
    public static BusOptions FastOptions(int retries = 0) => new()
    {
        Timeout = TimeSpan.FromSeconds(1),
        Retries = retries,
        RetryBackoff = TimeSpan.FromMilliseconds(1),
        IsolateAfterConsecutiveTimeouts = 3,
        IsolationBackoff = TimeSpan.FromHours(1),
        MaxIsolationBackoff = TimeSpan.FromHours(4),
    };

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        await Server.DisposeAsync();
    }
}
