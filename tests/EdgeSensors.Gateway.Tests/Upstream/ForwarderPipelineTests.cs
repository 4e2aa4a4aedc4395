using System.Collections.Concurrent;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Tests.Storage;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>
/// The forwarder publishes several messages before it waits for the oldest PUBACK (a broker that takes its time per
/// message no longer caps forwarding at one message per round trip), and still delivers every reading once, in seq
/// order, and deletes each only after its PUBACK.
/// </summary>
public sealed class ForwarderPipelineTests : IAsyncLifetime
{
    private const int Readings = 4000;
    private readonly StoreDirectory _dir = new();
    private readonly ConcurrentQueue<ulong> _received = new();
    private InterceptingBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _broker = await InterceptingBroker.StartAsync(async e =>
        {
            if (!e.ApplicationMessage.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                return;
            }

            // A slow broker: each message's PUBACK comes 20 ms after it arrived.
            await Task.Delay(20);
            using JsonDocument batch = JsonDocument.Parse(e.ApplicationMessage.Payload);
            foreach (JsonElement reading in batch.RootElement.GetProperty("readings").EnumerateArray())
            {
                _received.Enqueue(ulong.Parse(reading.GetProperty("seq").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            }
        });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public async Task Several_messages_wait_for_their_PUBACK_at_once_and_every_reading_arrives_once_in_order(int maxInFlight)
    {
        using var queue = DurableQueue.Open(Entries.Options(_dir));
        var entries = new List<NewEntry>();
        for (int i = 0; i < Readings; i++)
        {
            entries.Add(new NewEntry(EntryKind.Reading, 1_795_000_000_000 + i, "tank-1/level", EntryCodec.Reading("tank-1/level", i, "m", SignalQuality.Good)));
        }

        Assert.Equal(Readings, queue.AppendBatch(entries).Stored);
        var settings = new MqttUpstreamSettings { Broker = _broker.Uri, ClientId = "pipeline-test" };
        await using var upstream = new MqttUpstream(settings, "edgesensors/gw/status", () => "{}"u8.ToArray(), "{}"u8.ToArray());
        upstream.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await upstream.WaitConnectedAsync(stop.Token);
        var forwarder = new Forwarder(queue, upstream, new TelemetryTopics(TelemetryTopics.DefaultPrefix), "gw", maxBatch: 100, maxInFlight: maxInFlight);

        Task run = forwarder.RunAsync(stop.Token);
        await Eventually.WaitUntilAsync(() => forwarder.PublishedReadings >= Readings || run.IsCompleted, 90);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run); // it stops by cancellation, as in GatewayRuntime

        Assert.Equal(Readings, forwarder.PublishedReadings);
        Assert.Equal(0, forwarder.FailedPublishes);
        Assert.Equal(0, queue.GetStats().Depth); // every entry deleted, and only after its PUBACK was counted
        Assert.Equal(Enumerable.Range(1, Readings).Select(i => (ulong)i), _received); // once each, in seq order
        if (maxInFlight == 1)
        {
            Assert.Equal(1, forwarder.InFlightHighWater);
        }
        else
        {
            // 40 messages of 100 readings behind a 20 ms PUBACK: the window fills.
            Assert.Equal(maxInFlight, forwarder.InFlightHighWater);
        }
    }
}
