using System.Net;
using MQTTnet.Server;

namespace EdgeSensors.Gateway.Upstream;

/// <summary>
/// MQTTnet's broker hosted in the gateway process: the zero-setup default of `edgesensors run` and `demo`, so a site
/// without a broker still has the whole pipeline (store, forward, PUBACK, seq) working locally. Production points
/// upstream at Mosquitto or the fleet server's broker instead.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private EmbeddedBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>mqtt://127.0.0.1:PORT, for the upstream settings.</summary>
    public Uri Uri => new($"mqtt://127.0.0.1:{Port}");

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0 picks a free port; anonymous clients, loopback only).</summary>
    public static async Task<EmbeddedBroker> StartAsync(int port = 1883)
    {
        if (port == 0)
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        MqttServerOptions options = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        MqttServer server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync().ConfigureAwait(false);
        return new EmbeddedBroker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }
}
