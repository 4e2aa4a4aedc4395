using EdgeSensors.Alarms;
using EdgeSensors.Node.Persistence;
using EdgeSensors.Portable.Tests.Node.Support;

namespace EdgeSensors.Portable.Tests.Node;

public class AlarmStateStoreTests
{
    private const string Gas = "t101-lel/concentration";
    private static readonly string FlashConfig = NodeHarness.ExampleConfig.Replace("\"status_s\": 10,", "\"status_s\": 10, \"flash\": true,", StringComparison.Ordinal);

    [Fact]
    public void A_latched_alarm_stays_latched_across_a_restart_until_it_is_acknowledged()
    {
        var readings = new MemoryRecordFile();
        var alarms = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, readings, alarmFile: alarms);
        before.SetGas(55);
        before.Run(1500); // HH (latching) and H raised
        before.SetGas(0.5);
        before.Run(1500); // H clears; HH returns but stays latched
        Assert.Equal(AlarmState.ClearedUnacknowledged, State(before, AlarmKind.HighHigh));
        Assert.True(before.Pins.Pins[12].High);

        // Power cut and restart: the outputs are right before the first poll.
        var after = new NodeHarness(FlashConfig, readings, before.Now + 20_000, alarms);
        Assert.Equal(AlarmState.ClearedUnacknowledged, State(after, AlarmKind.HighHigh));
        Assert.Equal(AlarmState.Normal, State(after, AlarmKind.High));
        Assert.True(after.Pins.Pins[12].High, "the latched HH drives the beacon again at once");
        Assert.Equal(2, after.Node.AlarmStates!.RestoredTags); // both alarmed tags: the detector and the VEGA (normal)
        Assert.Equal(0, after.Node.AlarmStates.CorruptRecords);
        after.Run(3000); // normal gas readings do not clear a latched alarm
        Assert.Equal(AlarmState.ClearedUnacknowledged, State(after, AlarmKind.HighHigh));
        Assert.True(after.Pins.Pins[12].High);

        Assert.Equal(1, after.Node.Acknowledge(Gas, after.Now));
        Assert.False(after.Pins.Pins[12].High);

        // Acknowledged is stored too: the next restart comes up normal.
        var third = new NodeHarness(FlashConfig, readings, after.Now + 20_000, alarms);
        Assert.Equal(AlarmState.Normal, State(third, AlarmKind.HighHigh));
        Assert.False(third.Pins.Pins[12].High);
    }

    [Fact]
    public void A_write_torn_by_a_power_cut_leaves_the_other_copy_and_is_counted()
    {
        var alarms = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, new MemoryRecordFile(), alarmFile: alarms);
        before.SetGas(55);
        before.Run(1500);
        before.SetGas(0.5);
        before.Run(1500);
        byte[] latched = alarms.Bytes.ToArray();
        before.Node.Acknowledge(Gas, before.Now);

        // The power failed 20 bytes into copy A of the acknowledgement: copy B still holds the latched state.
        byte[] torn = latched.ToArray();
        int tag = before.Node.Panel.IndexOf(Gas);
        Array.Copy(alarms.Bytes, 2 * tag * AlarmStateStore.RecordLength, torn, 2 * tag * AlarmStateStore.RecordLength, 20);
        var file = new MemoryRecordFile();
        file.Write(0, torn, 0, torn.Length);

        var after = new NodeHarness(FlashConfig, new MemoryRecordFile(), before.Now + 20_000, file);
        Assert.Equal(1, after.Node.AlarmStates!.CorruptRecords);
        Assert.Equal(AlarmState.ClearedUnacknowledged, State(after, AlarmKind.HighHigh));
        Assert.True(after.Pins.Pins[12].High, "the older, whole copy wins over a torn one: still latched");
    }

    [Fact]
    public void Without_flash_nothing_is_stored_and_a_restart_starts_normal()
    {
        var alarms = new MemoryRecordFile();
        var before = new NodeHarness(alarmFile: alarms);
        before.SetGas(55);
        before.Run(1500);

        Assert.Null(before.Node.AlarmStates);
        Assert.Equal(0, alarms.Writes);
    }

    private static AlarmState State(NodeHarness node, AlarmKind kind) =>
        node.Node.Panel.GetTag(node.Node.Panel.IndexOf(Gas)).GetState(kind);
}
