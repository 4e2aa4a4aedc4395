using EdgeSensors.Alarms;
using EdgeSensors.Firmware.Tests.Support;
using EdgeSensors.Node.Host;

namespace EdgeSensors.Firmware.Tests;

/// <summary>Safety: a gas leak switches the node's alarm output with no broker at all.</summary>
public sealed class LocalAlarmTests
{
    [Fact]
    public async Task A_gas_leak_switches_the_beacon_with_the_broker_down()
    {
        await using FirmwareRig rig = await FirmwareRig.StartAsync(FirmwareRig.Config(pollMs: 500));
        rig.Relay.Down();
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Scheduler.GetCounters(0).Ok) >= 2, TimeSpan.FromSeconds(20), "the detector to be polled");
        Assert.False(rig.Node.Pins.IsHigh(12), "no leak yet: the beacon must be off");
        Assert.False(rig.Node.Link.IsConnected);

        rig.LeakAtT101();
        var switching = System.Diagnostics.Stopwatch.StartNew();
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Pins.IsHigh(12), TimeSpan.FromSeconds(10), "the beacon on pin 12 to switch on");

        // Within one poll period (500 ms) plus the exchange and scheduling slack of a loaded machine.
        Assert.True(switching.ElapsedMilliseconds < 3000, "switched after " + switching.ElapsedMilliseconds + " ms");
        Assert.False(rig.Node.Link.IsConnected);
        Assert.True(rig.Inspect(n => n.Alarms.Count) >= 1, "the alarm event waits in the buffer for the broker");

        rig.Relay.Up();
        await FirmwareRig.WaitUntilAsync(() => Decoded.Alarms(rig.Observer).Any(a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Raised), TimeSpan.FromSeconds(20), "the H alarm on the broker");
        Assert.True(Decoded.Alarms(rig.Observer).First().Backfill);
        Assert.Equal("%LEL", Decoded.Alarms(rig.Observer).First().Unit);
    }

    [Fact]
    public async Task A_gas_leak_switches_the_beacon_before_the_clock_is_set_and_the_event_goes_out_stamped_once_it_is()
    {
        // The node boots with the broker reachable but no wall clock (SNTP not answered; flash off).
        await using FirmwareRig rig = await FirmwareRig.StartAsync(FirmwareRig.Config(pollMs: 500), clockSetAfter: TimeSpan.FromDays(1));
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Scheduler.GetCounters(0).Ok) >= 2, TimeSpan.FromSeconds(20), "the detector to be polled");
        Assert.False(rig.Node.Pins.IsHigh(12), "no leak yet: the beacon must be off");

        rig.LeakAtT101();
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Pins.IsHigh(12), TimeSpan.FromSeconds(10), "the beacon on pin 12 to switch on without a clock");
        Assert.False(rig.Inspect(n => n.ClockSet));
        Assert.True(rig.Inspect(n => n.Alarms.Count) >= 1, "the alarm event waits for the clock");
        Assert.Empty(Decoded.Alarms(rig.Observer));
        Assert.Empty(Decoded.Readings(rig.Observer));

        long before = NodeHost.NowMs();
        rig.Node.ReleaseClock();
        await FirmwareRig.WaitUntilAsync(() => Decoded.Alarms(rig.Observer).Any(a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Raised), TimeSpan.FromSeconds(20), "the H alarm on the broker");
        var high = Decoded.Alarms(rig.Observer).First(a => a.Kind == AlarmKind.High);
        Assert.True(high.Backfill);
        Assert.True(high.TimeMs <= before && high.TimeMs > before - 60_000, "stamped with the wall time of the raise: " + high.TimeMs + " vs clock set at " + before);
    }
}
