using System.Net;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>A Modbus TCP server: many clients, each connection served independently.</summary>
public sealed class ModbusTcpServer : IAsyncDisposable
{
    private readonly IModbusRequestHandler _handler;

    public ModbusTcpServer(IPEndPoint endpoint, IModbusRequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        Endpoint = endpoint;
        _handler = handler;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The bound endpoint once started (the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => throw new NotImplementedException();

    public Task StartAsync(CancellationToken ct = default) => throw new NotImplementedException();

    public Task StopAsync() => throw new NotImplementedException();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
