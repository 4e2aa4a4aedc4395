using System.Globalization;
using System.Net;
using EdgeSensors.Gateway.Modbus.Server;

namespace EdgeSensors.Gateway.Tests.Cli;

/// <summary>An in-process Modbus TCP server on 127.0.0.1, port 0, answering from a <see cref="RegisterBank"/>.</summary>
public sealed class BankServer : IAsyncDisposable
{
    private readonly ModbusTcpServer _server;

    private BankServer(RegisterBank bank, ModbusTcpServer server)
    {
        Bank = bank;
        _server = server;
    }

    public RegisterBank Bank { get; }

    /// <summary>"127.0.0.1:PORT" for --tcp.</summary>
    public string Endpoint => "127.0.0.1:" + _server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<BankServer> StartAsync(RegisterBank bank)
    {
        var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), bank);
        await server.StartAsync();
        return new BankServer(bank, server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
