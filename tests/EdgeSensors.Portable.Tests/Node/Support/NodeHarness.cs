using System.Text;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Node;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Portable.Tests.Node.Support;

/// <summary>A node core over the in-memory line, broker, pins and flash, with a clock the test steps.</summary>
internal sealed class NodeHarness
{
    public const long Start = 1_767_225_600_000;

    /// <summary>Three instruments of the tank farm: a gas detector (with alarms and a beacon), a KELLER and a VEGA.</summary>
    public const string ExampleConfig = """
        {
          "node": "node-esp32-07", "prefix": "edgesensors", "buffer": 64, "alarm_buffer": 8, "batch": 10, "status_s": 10,
          "devices": [
            { "name": "t101-lel", "unit": 1, "poll_ms": 1000, "timeout_ms": 200, "retries": 2,
              "tags": [ { "name": "concentration", "register": 40001, "scale": 0.1, "unit": "%LEL", "min": 0, "max": 100,
                          "alarms": { "hh": 50, "h": 25, "hysteresis": 2, "latch": ["hh"] } } ] },
            { "name": "p201", "unit": 5, "poll_ms": 1000,
              "tags": [ { "name": "p1", "table": "holding", "address": 2, "type": "float32", "order": "ABCD", "unit": "bar" },
                        { "name": "temperature", "table": "holding", "address": 6, "type": "float32", "unit": "°C" } ] },
            { "name": "vega", "unit": 4, "poll_ms": 2000,
              "tags": [ { "name": "pv", "register": 30107, "type": "float32", "order": "CDAB", "unit": "m",
                          "alarms": { "l": 1.5, "ll": 1.0, "fault": false } } ] }
          ],
          "outputs": [ { "name": "gas-beacon", "pin": 12, "mode": "while_active", "active": "high",
                         "drive": [ { "tag": "t101-lel/concentration", "alarms": ["hh", "h"] } ] } ]
        }
        """;

    public NodeHarness(string config = ExampleConfig, MemoryRecordFile? file = null, long start = Start, MemoryRecordFile? alarmFile = null)
    {
        Now = start;
        Line.AddUnit(1).AddUnit(5).AddUnit(4);
        SetGas(0.5);
        SetFloat(5, 2, 6.0, WordOrder.ABCD);
        SetFloat(5, 6, 18.0, WordOrder.ABCD);
        SetLevel(7.25);
        File = file;
        var parser = new NodeConfigParser();
        NodeConfig boot = parser.Parse(Encoding.UTF8.GetBytes(config), 0, Encoding.UTF8.GetByteCount(config))
            ?? throw new InvalidOperationException(parser.Error);
        Node = new NodeRuntime(boot, Line, 9600, Link, Pins, System, file, alarmFile, Envelope, Now);
    }

    public long Now { get; private set; }

    public SimulatedRtuLine Line { get; } = new();

    public MemoryMqttLink Link { get; } = new();

    public TestPins Pins { get; } = new();

    public TestSystem System { get; } = new();

    public TestEnvelope Envelope { get; } = new();

    public MemoryRecordFile? File { get; }

    public NodeRuntime Node { get; }

    /// <summary>Wall clock minus the monotonic clock <see cref="Now"/>; null while the wall clock is not set (no SNTP yet).</summary>
    public long? WallOffsetMs { get; set; } = 0;

    public void SetGas(double percentLel) => Line.SetHolding(1, 0, (ushort)Math.Round(percentLel * 10));

    public void SetLevel(double metres) => SetFloat(4, 106, metres, WordOrder.CDAB, input: true);

    public void SetFloat(byte unit, int address, double value, WordOrder order, bool input = false)
    {
        var registers = new ushort[2];
        RegisterEncoder.Encode(value, DataType.Float32, order, registers, 0);
        if (input)
        {
            Line.SetInput(unit, address, registers);
        }
        else
        {
            Line.SetHolding(unit, address, registers);
        }
    }

    /// <summary>Runs the main loop for <paramref name="ms"/> of node time in steps of <paramref name="stepMs"/>.</summary>
    public void Run(long ms, long stepMs = 5)
    {
        long end = Now + ms;
        while (Now < end)
        {
            Node.Step(Now, WallOffsetMs is { } offset ? Now + offset : NodeRuntime.ClockNotSet);
            Now += stepMs;
        }
    }
}
