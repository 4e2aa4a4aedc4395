using System.Net;
using System.Net.Sockets;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Broker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace EdgeSensors.Fleet.Broker.Tests.Embedded;

/// <summary>
/// Stopping the embedded broker while clients are connected, twice at once and together with its disposal: the host's
/// stop and the container's dispose can overlap when a stop outlasts the shutdown timeout (a CI run failed on
/// MQTTnet's "Collection was modified" from two stops at once). Every call must return cleanly and free the port.
/// </summary>
public sealed class EmbeddedLifecycleTests
{
    [Fact]
    public async Task Overlapping_stops_and_a_dispose_with_clients_connected_all_return_and_free_the_port()
    {
        for (int round = 0; round < 10; round++)
        {
            var registry = new TestDeviceRegistry();
            await using ServiceProvider services = new ServiceCollection().AddSingleton<IDeviceAuthenticator>(registry).BuildServiceProvider();
            var options = new FleetBrokerOptions { BindAddress = "127.0.0.1", Port = 0 };
            var broker = new EmbeddedFleetBroker(options, new InternalCredential(options), services.GetRequiredService<IServiceScopeFactory>(), NullLogger<EmbeddedFleetBroker>.Instance);
            await broker.StartAsync(CancellationToken.None);
            int port = broker.Port;

            var clients = new List<IMqttClient>();
            for (int i = 0; i < 3; i++)
            {
                string deviceId = $"gw-life-{round}-{i}";
                string password = registry.Enrol(deviceId);
                var client = new MqttClientFactory().CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(deviceId)
                    .WithCredentials(deviceId, password).WithTimeout(TimeSpan.FromSeconds(30)).Build());
                clients.Add(client);
            }

            using var start = new Barrier(4);
            Task[] calls =
            [
                Task.Run(async () => { start.SignalAndWait(); await broker.StopAsync(CancellationToken.None); }),
                Task.Run(async () => { start.SignalAndWait(); await broker.StopAsync(new CancellationToken(canceled: true)); }),
                Task.Run(async () => { start.SignalAndWait(); await broker.DisposeAsync(); }),
                Task.Run(async () => { start.SignalAndWait(); await broker.StopAsync(CancellationToken.None); }),
            ];
            await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

            // The listener is gone: the port can be bound again.
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                // Connections the broker closed sit in TIME_WAIT on this port; only a listener would still refuse the bind.
                probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }

            await Assert.ThrowsAsync<ObjectDisposedException>(() => broker.StartAsync(CancellationToken.None));
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
