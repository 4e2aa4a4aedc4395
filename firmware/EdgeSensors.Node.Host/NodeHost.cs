using EdgeSensors.Node.Config;
using EdgeSensors.Node.Host.Adapters;

namespace EdgeSensors.Node.Host;

/// <summary>
/// The node core running on Linux: the same <see cref="NodeRuntime"/> the ESP32 runs, with host adapters, and the same
/// main loop as the device's Program (step, hand over a received config or acknowledgement, pause). The loop runs on
/// its own thread until disposed.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly HostOptions _options;
    private readonly SerialRtuLine _line;
    private readonly FileRecordFile _records;
    private readonly FileRecordFile _alarmRecords;
    private readonly Thread _loop;
    private readonly object _gate = new();
    private volatile bool _stopping;
    private volatile bool _clockReleased;

    private NodeHost(HostOptions options, NodeRuntime node, SerialRtuLine line, MqttNetLink link, SimulatedPins pins, FileRecordFile records, FileRecordFile alarmRecords)
    {
        _options = options;
        Node = node;
        _line = line;
        Link = link;
        Pins = pins;
        _records = records;
        _alarmRecords = alarmRecords;
        _loop = new Thread(Loop) { IsBackground = true, Name = "edgesensors-node-loop" };
    }

    public NodeRuntime Node { get; }

    public MqttNetLink Link { get; }

    public SimulatedPins Pins { get; }

    /// <summary>Configs applied but not saved to config.bin, and other loop problems, for diagnostics.</summary>
    public string? LastError { get; private set; }

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Gives the core the wall clock now, before <see cref="HostOptions.ClockSetAfter"/> has passed (SNTP answered).</summary>
    public void ReleaseClock() => _clockReleased = true;

    /// <summary>The wall clock the core gets: <see cref="NodeRuntime.ClockNotSet"/> until <see cref="HostOptions.ClockSetAfter"/> has passed or <see cref="ReleaseClock"/>.</summary>
    private long WallMs(long startedMs, long monotonicMs) =>
        _clockReleased || monotonicMs - startedMs >= (long)_options.ClockSetAfter.TotalMilliseconds ? NowMs() : NodeRuntime.ClockNotSet;

    /// <summary>Opens the line, loads flash and the stored config, connects and starts the loop.</summary>
    /// <exception cref="InvalidOperationException">The boot config is not valid; the message names the key.</exception>
    public static NodeHost Start(HostOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var opener = new SealedConfigOpener(options.ConfigKey);
        NodeConfig boot = BootConfig(options, opener);
        var line = new SerialRtuLine(options.SerialPort, options.Baud);
        var pins = new SimulatedPins();
        var records = new FileRecordFile(Path.Combine(options.DataDirectory, "readings.rec"));
        var alarmRecords = new FileRecordFile(Path.Combine(options.DataDirectory, "alarms.rec"));
        var link = new MqttNetLink(options.BrokerHost, options.BrokerPort, boot.NodeId, options.BrokerUserName, options.BrokerPassword);
        var node = new NodeRuntime(boot, line, options.Baud, link, pins, new ProcessSystemInfo(), records, alarmRecords, opener, Environment.TickCount64);
        link.Start(node.NodeId, node.StatusTopic, node.ConfigTopic, node.AckTopic);
        var host = new NodeHost(options, node, line, link, pins, records, alarmRecords);
        host._loop.Start();
        return host;
    }

    /// <summary>Runs <paramref name="action"/> on the node between two loop passes (the core is single-threaded).</summary>
    public T Inspect<T>(Func<NodeRuntime, T> action)
    {
        lock (_gate)
        {
            return action(Node);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _loop.Join();
        await Link.DisposeAsync().ConfigureAwait(false);
        _line.Dispose();
        _records.Dispose();
        _alarmRecords.Dispose();
    }

    private static NodeConfig BootConfig(HostOptions options, SealedConfigOpener opener)
    {
        var parser = new NodeConfigParser();
        string stored = Path.Combine(options.DataDirectory, "config.bin");
        if (File.Exists(stored))
        {
            byte[] message = File.ReadAllBytes(stored);
            if (opener.TryOpen(message, message.Length, out int revision, out int offset, out int length, out string sha256, out _)
                && parser.Parse(message, offset, length) is { } config)
            {
                config.Revision = revision;
                config.BodySha256Hex = sha256;
                return config;
            }
        }

        byte[] body = File.ReadAllBytes(options.BootConfigPath);
        return parser.Parse(body, 0, body.Length)
            ?? throw new InvalidOperationException(options.BootConfigPath + ": " + parser.Error);
    }

    private void Loop()
    {
        string stored = Path.Combine(_options.DataDirectory, "config.bin");
        long started = Environment.TickCount64;
        while (!_stopping)
        {
            lock (_gate)
            {
                long now = Environment.TickCount64;
                Node.Step(now, WallMs(started, now));
                byte[]? config = Link.TryTakeConfig();
                if (config != null && Node.OfferConfig(config, config.Length, now))
                {
                    try
                    {
                        File.WriteAllBytes(stored, config);
                    }
                    catch (IOException e)
                    {
                        LastError = "config revision " + Node.ConfigRevision + " applied but not saved to " + stored + ": " + e.Message;
                    }
                }

                string? ack = Link.TryTakeAck();
                if (ack != null)
                {
                    Node.Acknowledge(ack.Trim(), now);
                }
            }

            Thread.Sleep(_options.LoopPause);
        }
    }
}
