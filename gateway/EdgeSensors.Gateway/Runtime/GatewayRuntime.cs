using System.Collections.Concurrent;
using System.Reflection;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Configuration.Remote;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Telemetry.Wire;
using WireAlarm = EdgeSensors.Telemetry.Messages.AlarmMessage;

namespace EdgeSensors.Gateway.Runtime;

/// <summary>
/// The gateway service, wired from one site config. Per device a poll loop reads (Polling/), evaluates local alarms and
/// switches outputs (LocalAlarms, no network involved), then appends alarm events and the readings that pass report by
/// exception to the durable queue (Storage/). The forwarder drains the queue to MQTT (Upstream/) and acks on PUBACK.
/// A broker outage only grows the queue; the poll loops never wait for the network.
/// </summary>
public sealed class GatewayRuntime : IAsyncDisposable
{
    private readonly SiteConfig _config;
    private readonly Dictionary<string, ModbusBus> _buses = new(StringComparer.Ordinal);
    private readonly List<(DevicePoller Poller, DeviceConfig Device, ModbusBus Bus)> _devices = [];
    private readonly ConcurrentDictionary<string, string> _lastFailure = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private readonly List<Task> _loops = [];
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _startedAt;
    private readonly GroupCommitter _committer;
    private MqttUpstream? _upstream;
    private Forwarder? _forwarder;
    private RemoteConfigReceiver? _remoteConfig;

    private GatewayRuntime(SiteConfig config, DurableQueue queue, LocalAlarms alarms, TimeProvider clock)
    {
        _config = config;
        Queue = queue;
        Alarms = alarms;
        _clock = clock;
        _startedAt = clock.GetUtcNow();
        _committer = new GroupCommitter(queue, GroupCommitInterval);
        Topics = new TelemetryTopics(config.Upstream?.TopicPrefix ?? TelemetryTopics.DefaultPrefix);
    }

    /// <summary>
    /// Longest wait between group commits of polled readings: the poll loops hand their entries to one committer and
    /// never wait for the disk; alarm events are committed at once (docs/storage.md, group commit).
    /// </summary>
    public static readonly TimeSpan GroupCommitInterval = TimeSpan.FromMilliseconds(20);

    public static string Version { get; } =
        typeof(GatewayRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public string GatewayId => _config.Gateway.Id;

    public DurableQueue Queue { get; }

    public LocalAlarms Alarms { get; }

    public TelemetryTopics Topics { get; }

    /// <summary>{prefix}/{gateway}/commands/ack: a backend publishes "device/tag" or "*" (QoS 1) to acknowledge alarms.</summary>
    public string AckTopic => Topics.Prefix + "/" + GatewayId + "/commands/ack";

    public MqttUpstream? Upstream => _upstream;

    /// <summary>{prefix}/{gateway}/config: the sealed desired config from the fleet server (when upstream.config_key_file is set).</summary>
    public string ConfigTopic => Topics.Prefix + "/" + GatewayId + "/config";

    /// <summary>{prefix}/{gateway}/config/reported: what the gateway did with the last config it received (retained JSON).</summary>
    public string ConfigReportTopic => ConfigTopic + "/reported";

    /// <summary>The last config received from the fleet server and what was done with it; null until one arrives.</summary>
    public RemoteConfigOutcome? LastRemoteConfig { get; private set; }

    public Forwarder? Forwarder => _forwarder;

    /// <summary>Poll cycles completed, all devices together.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    private long _polls;

    /// <summary>Readings appended to the queue (after report by exception), counted when their group commit returned.</summary>
    public long ReadingsQueued => _committer.CommittedReadings;

    public TimeSpan Uptime => _clock.GetUtcNow() - _startedAt;

    /// <summary>
    /// Alarm evaluations run (one per poll cycle, every device together): the alarm-evaluator heartbeat. The status
    /// message carries it with the time of the last one, so a watcher (the fleet server's rollout engine) sees the local
    /// alarms are still evaluated even when nothing alarms.
    /// </summary>
    public long AlarmEvaluations => Interlocked.Read(ref _alarmEvaluations);

    private long _alarmEvaluations;

    /// <summary>Unix time (ms) of the last alarm evaluation; 0 before the first.</summary>
    public long LastAlarmEvaluationMs => Interlocked.Read(ref _lastAlarmEvaluationMs);

    private long _lastAlarmEvaluationMs;

    /// <summary>
    /// Opens the queue and the alarm panel, starts one poll loop per device and, when <paramref name="broker"/> is set
    /// (the config's upstream or a --broker override), the MQTT connection and the forwarder.
    /// </summary>
    /// <remarks>
    /// <c>profiles</c> are every instrument profile a config received from the fleet server may name; when null, only
    /// the profiles of the config's own devices.
    /// </remarks>
    public static GatewayRuntime Start(SiteConfig config, string dataDirectory, Uri? broker, TimeProvider? clock = null, IReadOnlyList<DeviceProfile>? profiles = null)
    {
        Directory.CreateDirectory(dataDirectory);
        TimeProvider time = clock ?? TimeProvider.System;
        StoreOptions store = config.Storage.ToStoreOptions();
        store.DataDirectory = Path.Combine(dataDirectory, StorageConfig.QueueDirectoryName);
        store.Clock = time;
        DurableQueue queue = DurableQueue.Open(store);
        LocalAlarms alarms;
        try
        {
            alarms = LocalAlarms.Create(config, dataDirectory);
        }
        catch
        {
            queue.Dispose();
            throw;
        }

        var runtime = new GatewayRuntime(config, queue, alarms, time);
        if (config.Upstream?.ConfigKeyFile is { } keyFile && config.SourcePath.Length > 0)
        {
            // A bad key file stops the start here, with the file and the fix named, rather than silently ignoring the server.
            IReadOnlyList<DeviceProfile> known = profiles ?? [.. config.Devices.Select(d => d.Profile).DistinctBy(p => p.Id)];
            runtime._remoteConfig = new RemoteConfigReceiver(config.SourcePath, dataDirectory, config.Gateway.Id, ConfigKeyFile.Read(keyFile), known);
        }

        foreach (BusConfig bus in config.Buses)
        {
            runtime._buses[bus.Name] = new ModbusBus(bus.CreateTransport(), bus.ToBusOptions());
        }

        foreach (DeviceConfig device in config.Devices)
        {
            var poller = new DevicePoller(device.ToPollSettings());
            runtime._devices.Add((poller, device, runtime._buses[device.Bus]));
        }

        foreach (var device in runtime._devices)
        {
            runtime._loops.Add(Task.Run(() => runtime.PollLoopAsync(device.Poller, device.Device, device.Bus, runtime._stop.Token)));
        }

        Uri? upstream = broker ?? config.Upstream?.Broker;
        if (upstream is not null)
        {
            runtime.StartUpstream(upstream);
        }

        return runtime;
    }

    /// <summary>Acknowledges "device/tag" or "*" locally; the events are queued like any other alarm event.</summary>
    public int Acknowledge(string target)
    {
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        IReadOnlyList<WireAlarm> events = Alarms.Acknowledge(target, now, out int acknowledged);
        Append(events, []);
        return acknowledged;
    }

    /// <summary>The last failure of each device that has one (device name -> one line naming unit, register and cause).</summary>
    public IReadOnlyDictionary<string, string> LastFailures => _lastFailure;

    public IEnumerable<(DeviceConfig Device, ModbusBus Bus)> Devices => _devices.Select(d => (d.Device, d.Bus));

    public async ValueTask DisposeAsync()
    {
        // A host may stop twice (a signal, then the end of the process): the second call has nothing left to do.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync().ConfigureAwait(false);
        }

        foreach (ModbusBus bus in _buses.Values)
        {
            await bus.DisposeAsync().ConfigureAwait(false);
        }

        Alarms.Dispose();
        _committer.Dispose(); // commits what the poll loops handed over last
        Queue.Dispose();
        _stop.Dispose();
    }

    private void StartUpstream(Uri broker)
    {
        MqttUpstreamSettings settings = _config.Upstream is { } upstream
            ? upstream.ToUpstreamSettings() with { Broker = broker }
            : new MqttUpstreamSettings { Broker = broker, ClientId = GatewayId };
        _upstream = new MqttUpstream(settings, Topics.Status(GatewayId), () => GatewayStatus.Online(this), GatewayStatus.Offline(GatewayId))
        {
            Commands = (AckTopic, (_, payload) =>
            {
                // The payload is "device/tag" or "*"; acknowledging is local and never waits for the network.
                Acknowledge(payload.Trim());
                return Task.CompletedTask;
            }
            ),
            ConfigDelivery = _remoteConfig is null ? null : (ConfigTopic, ReceiveConfig),
        };
        _upstream.Start();
        _forwarder = new Forwarder(Queue, _upstream, Topics, GatewayId);
        _loops.Add(Task.Run(() => _forwarder.RunAsync(_stop.Token)));
        _loops.Add(Task.Run(() => StatusLoopAsync(_stop.Token)));
    }

    private Task ReceiveConfig(byte[] document)
    {
        RemoteConfigOutcome outcome = _remoteConfig!.Receive(document);
        LastRemoteConfig = outcome;

        // The report is published off the receive path: waiting for its PUBACK inside MQTTnet's handler would stall it.
        MqttUpstream upstream = _upstream!;
        _ = Task.Run(() => upstream.PublishAsync(ConfigReportTopic, outcome.Report, retain: true, _stop.Token));
        return Task.CompletedTask;
    }

    private async Task PollLoopAsync(DevicePoller poller, DeviceConfig device, ModbusBus bus, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(device.PollInterval, _clock);

        // One filter per device: the loops run concurrently and the filter is not thread-safe.
        var report = new ReportByException();

        // Looked up once, not per reading: what report by exception needs for each tag.
        var tags = new Dictionary<string, (TagPollSettings Settings, double? Span)>(StringComparer.Ordinal);
        foreach (TagPollSettings settings in poller.Settings.Tags)
        {
            TagConfig? tag = device.FindTag(settings.Tag);
            tags[settings.Tag] = (settings, tag?.Definition.Range is { } range ? range.Max - range.Min : null);
        }

        do
        {
            long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            DevicePollResult result;
            try
            {
                result = await poller.PollAsync(bus, now, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }

            if (result.Failures.Count > 0)
            {
                _lastFailure[device.Name] = result.Failures[0];
            }
            else
            {
                _lastFailure.TryRemove(device.Name, out _);
            }

            // Alarms first and without the network: outputs switch inside this call.
            IReadOnlyList<WireAlarm> events = Alarms.Evaluate(result.Samples, now);
            Interlocked.Increment(ref _alarmEvaluations);
            Interlocked.Exchange(ref _lastAlarmEvaluationMs, now);
            var readings = new List<TagSample>(result.Samples.Count);
            foreach (TagSample sample in result.Samples)
            {
                var (settings, span) = tags[sample.Tag];
                if (report.ShouldPublish(sample, settings, span, now))
                {
                    readings.Add(sample);
                }
            }

            Append(events, readings);
            Interlocked.Increment(ref _polls);
        }
        while (await WaitAsync(timer, ct).ConfigureAwait(false));
    }

    private void Append(IReadOnlyList<WireAlarm> events, IReadOnlyList<TagSample> readings)
    {
        if (events.Count == 0 && readings.Count == 0)
        {
            return;
        }

        var entries = new List<NewEntry>(events.Count + readings.Count);
        foreach (WireAlarm alarm in events)
        {
            entries.Add(new NewEntry(EntryKind.AlarmEvent, alarm.TimeMs, alarm.Tag, EntryCodec.Alarm(alarm)));
        }

        foreach (TagSample sample in readings)
        {
            byte[] payload = EntryCodec.Reading(sample.Path, sample.Value, sample.Unit ?? string.Empty, EntryCodec.ToSignal(sample.Quality));
            entries.Add(new NewEntry(EntryKind.Reading, sample.AcquiredAtMs, sample.Path, payload));
        }

        // Handed to the group committer: the poll loop does not wait for the disk. The queue never throws at it: disk
        // full or damage is counted in its stats and reported in status. Alarm events (rare) are committed at once and
        // waited for, so an event is durable before the loop polls again; the outputs have switched already.
        long ticket = _committer.Offer(entries);
        if (events.Count > 0)
        {
            _committer.WaitCommitted(ticket, TimeSpan.FromSeconds(10));
        }
    }

    private async Task StatusLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_upstream is { IsConnected: true })
            {
                await _upstream.PublishAsync(Topics.Status(GatewayId), GatewayStatus.Online(this), retain: true, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
