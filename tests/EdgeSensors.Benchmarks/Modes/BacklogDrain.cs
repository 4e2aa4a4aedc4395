using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// backlog-drain: the gateway's durable queue holds --backlog readings (an outage's worth); then the production
/// forwarder (Forwarder + MqttUpstream, batches of up to 500 readings, QoS 1) drains it to the broker on
/// --broker-port while live readings (10 every 100 ms) and an alarm event (every 500 ms) are appended, as a polling
/// gateway would. A separate MQTT client subscribed on the same broker decodes everything. Prints
/// "drain readings/s: N" (backlog readings received / time from connect to the last one), then the latency of the live
/// readings and of the alarm events, from their append (acquisition) to their arrival at the subscriber.
/// </summary>
internal static class BacklogDrain
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        string dir = args.Text("dir", Path.Combine(Path.GetTempPath(), "edgesensors-drain"));
        int port = args.Int("broker-port", 1883);
        int backlog = args.Int("backlog", 200_000);
        var inv = CultureInfo.InvariantCulture;
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var options = new StoreOptions
        {
            DataDirectory = dir,
            Synchronous = SynchronousMode.Normal,
            MaxBytes = 8L * 1024 * 1024 * 1024,
            BackfillRatePerSecond = 10_000_000, // the drain is limited by the link and the forwarder, not by pacing
            BackfillBurst = 1_000_000,
        };
        using var queue = DurableQueue.Open(options);
        var prefill = Stopwatch.StartNew();
        long oldMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        for (int done = 0; done < backlog;)
        {
            int n = Math.Min(10_000, backlog - done);
            queue.AppendBatch([.. Enumerable.Range(done, n).Select(i => Reading("backlog-" + (i % 100) + "/level", i, oldMs + (i / 100)))]);
            done += n;
        }

        Console.WriteLine(string.Format(inv, "# prefilled {0} readings in {1:F1} s ({2} B file)", backlog, prefill.Elapsed.TotalSeconds, queue.GetStats().FileBytes));

        var topics = new TelemetryTopics();
        long backlogReceived = 0;
        long lastBacklogAt = 0;
        var liveLatencies = new List<double>();
        var alarmLatencies = new List<double>();
        var gate = new object();
        var subscriber = new MqttClientFactory().CreateMqttClient();
        var decoder = new TelemetryDecoder();
        var batch = new TelemetryBatch(TelemetryContract.MaxReadingsPerBatch);
        var alarm = new AlarmMessage();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            byte[] payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
            lock (gate)
            {
                if (e.ApplicationMessage.Topic.EndsWith("/alarms", StringComparison.Ordinal))
                {
                    if (decoder.DecodeAlarm(payload, 0, payload.Length, alarm) == TelemetryDecodeStatus.Ok)
                    {
                        alarmLatencies.Add(nowMs - alarm.TimeMs);
                    }

                    return Task.CompletedTask;
                }

                if (decoder.DecodeBatch(payload, 0, payload.Length, batch) != TelemetryDecodeStatus.Ok)
                {
                    throw new InvalidDataException("undecodable telemetry batch");
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    if (batch[i].Tag.StartsWith("backlog-", StringComparison.Ordinal))
                    {
                        backlogReceived++;
                        lastBacklogAt = Stopwatch.GetTimestamp();
                    }
                    else
                    {
                        liveLatencies.Add(nowMs - batch[i].TimeMs);
                    }
                }
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bench-backend").Build());
        await subscriber.SubscribeAsync(topics.TelemetryFilter, MqttQualityOfServiceLevel.AtLeastOnce);
        await subscriber.SubscribeAsync(topics.AlarmsFilter, MqttQualityOfServiceLevel.AtLeastOnce);

        var settings = new MqttUpstreamSettings { Broker = new Uri("mqtt://127.0.0.1:" + port.ToString(inv)), ClientId = "bench-gateway" };
        await using var upstream = new MqttUpstream(settings, topics.Status("bench"), () => "{\"state\":\"online\"}"u8.ToArray(), "{\"state\":\"offline\"}"u8.ToArray());
        using var stop = new CancellationTokenSource();
        upstream.Start();
        await upstream.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        long connectedAt = Stopwatch.GetTimestamp();
        var forwarder = new Forwarder(queue, upstream, topics, "bench", maxBatch: TelemetryContract.MaxReadingsPerBatch);
        Task forwarding = Task.Run(() => forwarder.RunAsync(stop.Token));
        await Task.Delay(50); // the forwarder begins its session: what is queued from now on is live

        // The live gateway: 10 readings every 100 ms and an alarm event every 250 ms, appended while the backlog drains.
        Task live = Task.Run(async () =>
        {
            int n = 0;
            while (!stop.IsCancellationRequested)
            {
                long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var entries = Enumerable.Range(0, 10).Select(i => Reading("live-" + i + "/level", n, now)).ToList();
                if (n % 5 == 0)
                {
                    var raised = new AlarmMessage { Tag = "live-0/level", Kind = AlarmKind.High, State = AlarmEventType.Raised, Value = 11.2, Limit = 11, Unit = "m", TimeMs = now };
                    entries.Insert(0, new NewEntry(EntryKind.AlarmEvent, now, raised.Tag, EntryCodec.Alarm(raised)));
                }

                queue.AppendBatch(entries);
                n++;
                try
                {
                    await Task.Delay(100, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref backlogReceived) < backlog && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await live;
        try
        {
            await forwarding;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for new entries.
        }

        await subscriber.DisconnectAsync();
        subscriber.Dispose();
        double seconds;
        lock (gate)
        {
            seconds = Stopwatch.GetElapsedTime(connectedAt, lastBacklogAt).TotalSeconds;
            Console.WriteLine(string.Format(inv, "drain readings/s: {0:F0}", backlogReceived / seconds));
            Console.WriteLine(string.Format(inv, "backlog: {0} of {1} readings received in {2:F1} s, batches of up to {3}", backlogReceived, backlog, seconds, TelemetryContract.MaxReadingsPerBatch));
            Console.WriteLine(string.Format(inv, "live readings during the drain: {0}, latency ms p50 {1:F0} p99 {2:F0} max {3:F0}", liveLatencies.Count, Percentile(liveLatencies, 50), Percentile(liveLatencies, 99), liveLatencies.DefaultIfEmpty(0).Max()));
            Console.WriteLine(string.Format(inv, "alarm events during the drain: {0}, queued-to-broker ms p50 {1:F0} p99 {2:F0} max {3:F0}", alarmLatencies.Count, Percentile(alarmLatencies, 50), Percentile(alarmLatencies, 99), alarmLatencies.DefaultIfEmpty(0).Max()));
        }

        queue.Dispose();
        Directory.Delete(dir, recursive: true);
        return backlogReceived == backlog ? 0 : 1;
    }

    private static NewEntry Reading(string tag, int n, long timeMs) =>
        new(EntryKind.Reading, timeMs, tag, EntryCodec.Reading(tag, 5 + ((n % 1000) * 0.001), "m", SignalQuality.Good));

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }
}
