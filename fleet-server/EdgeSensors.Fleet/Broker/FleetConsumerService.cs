using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Broker.Embedded;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Runs this instance's <see cref="FleetConsumer"/> (shared subscriptions: instances split the devices' messages) and
/// hands each message to every <see cref="IDeviceMessageHandler"/>. Starts after the broker (registration order).
/// </summary>
internal sealed class FleetConsumerService(FleetBrokerOptions options, InternalCredential credential, IServiceProvider services, ILogger<FleetConsumerService> log) : IHostedService
{
    private FleetConsumer? _consumer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EmbeddedFleetBroker? embedded = options.Mode == BrokerMode.Embedded ? services.GetRequiredService<EmbeddedFleetBroker>() : null;
        (string host, int port) = embedded is not null
            ? (options.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : options.BindAddress, embedded.Port != 0 ? embedded.Port : embedded.TlsPort)
            : (options.Host, options.Port);

        // With the embedded broker's plain listener off, the consumer uses its TLS listener and trusts exactly its certificate.
        var pinned = embedded is { Port: 0 } ? embedded.Certificate : null;
        string clientId = $"fleet-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        _consumer = new FleetConsumer(host, port, credential, options, clientId, DispatchAsync, log, pinned);
        _consumer.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may be stopped twice (a test factory's dispose after an explicit stop): dispose the consumer once.
        if (Interlocked.Exchange(ref _consumer, null) is { } consumer)
        {
            await consumer.DisposeAsync();
        }
    }

    private long _received;

    private async Task DispatchAsync(DeviceMessage message, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _received) % 1000 == 0)
        {
            log.LogDebug("fleet consumer: {Count} device messages received", Volatile.Read(ref _received));
        }

        await using AsyncServiceScope scope = services.CreateAsyncScope();
        foreach (IDeviceMessageHandler handler in scope.ServiceProvider.GetServices<IDeviceMessageHandler>())
        {
            await handler.HandleAsync(message, ct);
        }
    }
}
