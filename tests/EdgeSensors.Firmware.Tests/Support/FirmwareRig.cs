using System.Text;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Gateway.Tests.Simulator;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Node;
using EdgeSensors.Node.Host;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Firmware.Tests.Support;

/// <summary>
/// One node in the loop: the tank-farm simulator serving RTU on one end of a socat pty pair, the node core in the host
/// runner on the other end, a real Mosquitto reached through a relay that can go down, and an observer on the broker.
/// The farm runs on a manual clock, so its registers change only when a test advances it.
/// </summary>
internal sealed class FirmwareRig : IAsyncDisposable
{
    public const string NodeId = "node-fil-01";
    public const string Prefix = "edgesensors/" + NodeId;
    public const int Baud = 19200;

    /// <summary>The node's 32-byte config key.</summary>
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    private readonly string _data;
    private readonly HostOptions _options;

    private FirmwareRig(string data, HostOptions options, SocatPtyPair pty, SimulatorHost simulator, ManualClock farmClock, MosquittoBroker broker, CuttableRelay relay, Observer observer, NodeHost node)
    {
        _data = data;
        _options = options;
        Pty = pty;
        Simulator = simulator;
        FarmClock = farmClock;
        Broker = broker;
        Relay = relay;
        Observer = observer;
        Node = node;
    }

    public SocatPtyPair Pty { get; }

    public SimulatorHost Simulator { get; }

    public ManualClock FarmClock { get; }

    public MosquittoBroker Broker { get; }

    public CuttableRelay Relay { get; }

    public Observer Observer { get; }

    public NodeHost Node { get; private set; }

    /// <summary>The node config document: the T-101 LEL detector (alarms, beacon on pin 12), the KELLER and the VEGA.</summary>
    public static string Config(int buffer = 256, int pollMs = 500, string extraDevices = "", bool flash = false) => """
        {"node":"node-fil-01","buffer":BUFFER,"flash":FLASH,"alarm_buffer":16,"batch":20,"status_s":2,
         "devices":[
          {"name":"t101-lel","unit":1,"poll_ms":POLL,"timeout_ms":300,"retries":1,
           "tags":[{"name":"concentration","register":40001,"scale":0.1,"unit":"%LEL","min":0,"max":100,
                    "alarms":{"h":25,"hh":50,"hysteresis":2,"latch":["hh"]}}]},
          {"name":"keller","unit":5,"poll_ms":POLL,"tags":[{"name":"p1","table":"holding","address":2,"type":"float32","unit":"bar"}]},
          {"name":"vega","unit":4,"poll_ms":POLL,"tags":[{"name":"pv","register":30107,"type":"float32","order":"CDAB","unit":"m"}]}EXTRA],
         "outputs":[{"name":"gas-beacon","pin":12,"mode":"while_active","active":"high",
                     "drive":[{"tag":"t101-lel/concentration","alarms":["h","hh"]}]}]}
        """.Replace("BUFFER", buffer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("POLL", pollMs.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("EXTRA", extraDevices, StringComparison.Ordinal)
        .Replace("FLASH", flash ? "true" : "false", StringComparison.Ordinal);

    public static async Task<FirmwareRig> StartAsync(string config, TimeSpan? clockSetAfter = null)
    {
        string data = Directory.CreateTempSubdirectory("edgesensors-fil-").FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "boot.json"), config);
        SocatPtyPair pty = await SocatPtyPair.StartAsync();
        var farmClock = new ManualClock();
        var quiet = new EpisodeSettings
        {
            LeakIntervalMin = TimeSpan.FromDays(10),
            LeakIntervalMax = TimeSpan.FromDays(11),
            FaultIntervalMin = TimeSpan.FromDays(10),
            FaultIntervalMax = TimeSpan.FromDays(11),
        };
        SimulatorHost simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = null,
            RtuLine = new SerialLineSettings(pty.ServerEnd) { Baud = Baud },
            ProfilesDirectory = EdgeSensors.Profiles.Loading.ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory),
            Clock = farmClock,
            Episodes = quiet,
        });
        MosquittoBroker broker = await MosquittoBroker.StartAsync();
        var relay = new CuttableRelay(broker.Port);
        Observer observer = await Observer.ConnectAsync(broker.Port, "edgesensors/#");
        var options = new HostOptions
        {
            BootConfigPath = Path.Combine(data, "boot.json"),
            SerialPort = pty.ClientEnd,
            Baud = Baud,
            BrokerHost = "127.0.0.1",
            BrokerPort = relay.Port,
            ConfigKey = Key,
            DataDirectory = data,
            ClockSetAfter = clockSetAfter ?? TimeSpan.Zero,
        };
        NodeHost node = NodeHost.Start(options);
        return new FirmwareRig(data, options, pty, simulator, farmClock, broker, relay, observer, node);
    }

    /// <summary>Stops the node runner (as a power cut would: no flush beyond what the core wrote) and starts it again over the same data directory.</summary>
    public async Task RestartNodeAsync()
    {
        await Node.DisposeAsync();
        Node = NodeHost.Start(_options);
    }

    public T Inspect<T>(Func<NodeRuntime, T> look) => Node.Inspect(look);

    /// <summary>The value the simulator holds for a unit's primary tag now.</summary>
    public double SimulatedValue(byte unit)
    {
        lock (Simulator.Farm.SyncRoot)
        {
            Assert.True(Simulator.Farm.TryGetDevice(unit, out SimulatedDevice device));
            return device.PrimaryValue;
        }
    }

    /// <summary>Starts a leak at T-101 and runs the farm 40 s: past the 30 s rise to the peak, inside the shortest hold.</summary>
    public void LeakAtT101()
    {
        Simulator.Farm.TriggerLeak("T-101");
        for (int s = 0; s < 40; s++)
        {
            FarmClock.Advance(TimeSpan.FromSeconds(1));
            Simulator.Farm.Sync();
        }
    }

    /// <summary>Runs the farm 20 min past a leak: its hold (at most 120 s) and decay (60 s time constant) are over.</summary>
    public void EndLeakAtT101()
    {
        for (int s = 0; s < 1200; s++)
        {
            FarmClock.Advance(TimeSpan.FromSeconds(1));
            Simulator.Farm.Sync();
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("waited " + limit.TotalSeconds + " s for " + what);
            }

            await Task.Delay(20);
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Observer.DisposeAsync();
        await Relay.DisposeAsync();
        await Broker.DisposeAsync();
        await Simulator.DisposeAsync();
        await Pty.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
