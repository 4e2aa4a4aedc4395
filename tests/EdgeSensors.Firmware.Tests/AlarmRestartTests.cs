using EdgeSensors.Alarms;
using EdgeSensors.Firmware.Tests.Support;

namespace EdgeSensors.Firmware.Tests;

/// <summary>A latched alarm outlives a restart of the node (flash on) and is cleared only by an acknowledgement over MQTT.</summary>
public sealed class AlarmRestartTests
{
    private const string Gas = "t101-lel/concentration";

    [Fact]
    public async Task A_latched_alarm_survives_a_restart_and_is_cleared_by_an_acknowledgement_over_MQTT()
    {
        string config = FirmwareRig.Config(pollMs: 500, flash: true).Replace("\"latch\":[\"hh\"]", "\"latch\":[\"h\",\"hh\"]", StringComparison.Ordinal);
        await using FirmwareRig rig = await FirmwareRig.StartAsync(config);
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Scheduler.GetCounters(0).Ok) >= 2, TimeSpan.FromSeconds(20), "the detector to be polled");

        rig.LeakAtT101();
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Pins.IsHigh(12), TimeSpan.FromSeconds(10), "the beacon to switch on");
        rig.EndLeakAtT101();
        await FirmwareRig.WaitUntilAsync(() => State(rig, AlarmKind.High) == AlarmState.ClearedUnacknowledged, TimeSpan.FromSeconds(10), "H to return to normal gas and stay latched");
        Assert.True(rig.Node.Pins.IsHigh(12), "a latched alarm keeps driving the beacon");

        await rig.RestartNodeAsync();

        // Restored from flash before the first poll, with the output set again.
        Assert.Equal(AlarmState.ClearedUnacknowledged, State(rig, AlarmKind.High));
        Assert.True(rig.Node.Pins.IsHigh(12), "the beacon is on again right after the restart");
        long polled = rig.Inspect(n => n.Scheduler.GetCounters(0).Ok);
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Scheduler.GetCounters(0).Ok) >= polled + 2, TimeSpan.FromSeconds(20), "two polls after the restart");
        Assert.Equal(AlarmState.ClearedUnacknowledged, State(rig, AlarmKind.High));
        Assert.True(rig.Node.Pins.IsHigh(12));

        await rig.Observer.PublishAsync(FirmwareRig.Prefix + "/commands/ack", FirmwareRig.Utf8(Gas), retain: false);
        await FirmwareRig.WaitUntilAsync(() => !rig.Node.Pins.IsHigh(12), TimeSpan.FromSeconds(20), "the acknowledgement to switch the beacon off");
        Assert.Equal(AlarmState.Normal, State(rig, AlarmKind.High));
        await FirmwareRig.WaitUntilAsync(
            () => Decoded.Alarms(rig.Observer).Any(a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Acknowledged),
            TimeSpan.FromSeconds(20),
            "the acknowledged event on the broker");
    }

    private static AlarmState State(FirmwareRig rig, AlarmKind kind) =>
        rig.Inspect(n => n.Panel.GetTag(n.Panel.IndexOf(Gas)).GetState(kind));
}
