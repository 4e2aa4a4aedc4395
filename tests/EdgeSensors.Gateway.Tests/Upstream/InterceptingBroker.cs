using System.Net;
using MQTTnet.Server;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>
/// MQTTnet's broker in the test process on a free loopback port, with a hook on every PUBLISH before its PUBACK
/// (to refuse it, slow it down or look at it): broker behaviour Mosquitto cannot be made to show.
/// </summary>
internal sealed class InterceptingBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private InterceptingBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public Uri Uri => new($"mqtt://127.0.0.1:{Port}");

    public static async Task<InterceptingBroker> StartAsync(Func<InterceptingPublishEventArgs, Task> onPublish)
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        MqttServerOptions options = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build();
        MqttServer server = new MqttServerFactory().CreateMqttServer(options);
        server.InterceptingPublishAsync += onPublish;
        await server.StartAsync();
        return new InterceptingBroker(server, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
