using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Node;
using EdgeSensors.Node.Buffering;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Polling;
using EdgeSensors.Portable.Tests.Node.Support;
using Xunit.Abstractions;

namespace EdgeSensors.Portable.Tests.Node;

/// <summary>
/// What a node allocates at start for the budget case of docs/firmware.md: 8 devices x 16 tags (every tag with H, HH and
/// a fault alarm), 256 buffered readings, 32 alarm events, batches of 20. Measured on the host (64-bit references and
/// larger object headers than nanoFramework's, so an upper bound for the device), in bytes.
/// </summary>
public class NodeMemoryBudgetTests(ITestOutputHelper output)
{
    public static string BudgetConfig()
    {
        var devices = new StringBuilder();
        for (int d = 1; d <= 8; d++)
        {
            devices.Append(d == 1 ? "" : ",").Append("{\"name\":\"dev").Append(d).Append("\",\"unit\":").Append(d).Append(",\"tags\":[");
            for (int t = 0; t < 16; t++)
            {
                devices.Append(t == 0 ? "" : ",").Append("{\"name\":\"tag").Append(t).Append("\",\"register\":").Append(40001 + (2 * t))
                    .Append(",\"type\":\"float32\",\"unit\":\"%LEL\",\"alarms\":{\"h\":25,\"hh\":50,\"hysteresis\":2,\"latch\":[\"hh\"]}}");
            }

            devices.Append("]}");
        }

        return "{\"node\":\"node-esp32-07\",\"buffer\":256,\"alarm_buffer\":32,\"batch\":20,\"devices\":[" + devices
            + "],\"outputs\":[{\"name\":\"beacon\",\"pin\":12,\"drive\":[{\"tag\":\"*\",\"alarms\":[\"hh\",\"h\"]}]}]}";
    }

    [Fact]
    public void The_budget_case_allocates_its_buffers_once_at_start()
    {
        byte[] document = Encoding.UTF8.GetBytes(BudgetConfig());
        var parser = new NodeConfigParser();
        NodeConfig config = parser.Parse(document, 0, document.Length) ?? throw new InvalidOperationException(parser.Error);
        Assert.Equal(128, config.TagCount);
        var line = new SimulatedRtuLine();
        var link = new MemoryMqttLink();
        var pins = new TestPins();
        var system = new TestSystem();
        var envelope = new TestEnvelope();

        long ring = Measure(() => new ReadingRing(config.BufferCapacity));
        long alarmRing = Measure(() => new AlarmRing(config.AlarmBufferCapacity));
        long scheduler = Measure(() => new PollScheduler(config, 9600, NodeHarness.Start));
        long total = Measure(() => new NodeRuntime(config, line, 9600, link, pins, system, null, null, envelope, NodeHarness.Start));
        long panel = total - ring - alarmRing - scheduler - Measure(() => new EdgeSensors.Node.Uplink.NodeMessages(null!, config.BatchSize));

        output.WriteLine("host bytes for 8 devices x 16 tags, 256 readings, 32 alarm events, batch 20:");
        output.WriteLine("  reading ring  " + ring);
        output.WriteLine("  alarm ring    " + alarmRing);
        output.WriteLine("  poll scheduler (8 devices, per-tag state, RTU buffers) " + scheduler);
        output.WriteLine("  messages (payload buffer, batch, encoder, status writer) " + Measure(() => new EdgeSensors.Node.Uplink.NodeMessages(null!, config.BatchSize)));
        output.WriteLine("  alarm panel and the rest (128 tags x 6 alarm states, topics, names) " + panel);
        output.WriteLine("  total new NodeRuntime " + total);
        long buffers = ring + alarmRing + scheduler + Measure(() => new EdgeSensors.Node.Uplink.NodeMessages(null!, config.BatchSize));
        output.WriteLine("  buffers (everything but the alarm states) " + buffers);

        // The alarm states: one tag's evaluator (H, HH latched, fault), as every tag of the budget case has.
        TagAlarmConfig alarmed = config.Devices[0].Tags[0].Alarms!;
        long tagAlarms = Measure(() => new TagAlarms(alarmed));
        long panelStates = Measure(() => new AlarmPanel(AllAlarms(config), [], NodeSetup.EventCapacity));
        output.WriteLine("  one tag's alarm evaluator (TagAlarms, 6 alarm states) " + tagAlarms);
        output.WriteLine("  alarm panel of 128 tags (evaluators, event buffer) " + panelStates);

        // Was 553 B per tag on the host (six state objects) before the states were packed into the evaluator.
        Assert.True(tagAlarms <= 224, "one tag's alarm states take " + tagAlarms + " bytes on the host");
        Assert.True(panelStates < 32 * 1024, "128 tags' alarm states take " + panelStates + " bytes on the host");
        Assert.Equal(256 * ReadingRing.BytesPerReading, ReadingRing.BytesPerReading * config.BufferCapacity);
        Assert.True(buffers < 32 * 1024, "buffers take " + buffers + " bytes on the host, over the 32 KB budget");
    }

    private static TagAlarmConfig[] AllAlarms(NodeConfig config)
    {
        var all = new List<TagAlarmConfig>();
        foreach (DeviceConfig device in config.Devices)
        {
            all.AddRange(device.Tags.Select(t => t.Alarms!));
        }

        return [.. all];
    }

    private static long Measure(Func<object> build)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(build());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
