using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>The state machine of docs/alarms.md: every transition, and acknowledgements in every order.</summary>
public class LatchingAndAcknowledgeTests
{
    [Fact]
    public void NonLatched_ClearsWithoutAnAcknowledgement()
    {
        var script = new AlarmScript(AlarmScript.High(80));
        script.At(0, 85);
        script.At(1000, 70);

        Assert.Equal([AlarmEventType.Raised, AlarmEventType.Cleared], script.All.Select(e => e.Type));
        Assert.Equal(AlarmState.Normal, script[AlarmKind.High]);
    }

    [Fact]
    public void NonLatched_AcknowledgedWhileActive_StaysActiveUntilTheConditionClears()
    {
        var script = new AlarmScript(AlarmScript.High(80));
        script.At(0, 85);

        AlarmEvent ack = Assert.Single(script.Ack(AlarmKind.High, 500));
        Assert.Equal((AlarmEventType.Acknowledged, AlarmState.ActiveAcknowledged), (ack.Type, ack.State));
        Assert.Empty(script.At(1000, 85));
        Assert.Equal(AlarmState.ActiveAcknowledged, script[AlarmKind.High]);

        AlarmEvent cleared = Assert.Single(script.At(2000, 70));
        Assert.Equal((AlarmEventType.Cleared, AlarmState.Normal), (cleared.Type, cleared.State));
    }

    [Fact]
    public void Latched_StaysActiveAfterTheConditionClears_UntilAcknowledged()
    {
        var script = new AlarmScript(AlarmScript.High(80, latching: true));
        script.At(0, 85);

        AlarmEvent returned = Assert.Single(script.At(1000, 70));
        Assert.Equal((AlarmEventType.Returned, AlarmState.ClearedUnacknowledged), (returned.Type, returned.State));
        Assert.Equal(AlarmKinds.High, script.Tag.Active);
        Assert.Empty(script.At(600_000, 70)); // ten minutes later: still latched

        List<AlarmEvent> ack = script.Ack(AlarmKind.High, 700_000);
        Assert.Equal([AlarmEventType.Acknowledged, AlarmEventType.Cleared], ack.Select(e => e.Type));
        Assert.All(ack, e => Assert.Equal(AlarmState.Normal, e.State));
        Assert.Equal(AlarmKinds.None, script.Tag.Active);
    }

    [Fact]
    public void Latched_AcknowledgedWhileStillViolating_ClearsWithTheCondition()
    {
        var script = new AlarmScript(AlarmScript.High(80, latching: true));
        script.At(0, 85);
        script.Ack(AlarmKind.High, 500);

        Assert.Equal(AlarmState.ActiveAcknowledged, script[AlarmKind.High]);
        AlarmEvent cleared = Assert.Single(script.At(1000, 70));
        Assert.Equal(AlarmEventType.Cleared, cleared.Type);
    }

    [Fact]
    public void Latched_ConditionReturningBeforeTheAcknowledgement_RaisesAgain()
    {
        var script = new AlarmScript(AlarmScript.High(80, latching: true));
        script.At(0, 85);
        script.At(1000, 70);

        AlarmEvent raised = Assert.Single(script.At(2000, 85));

        Assert.Equal((AlarmEventType.Raised, AlarmState.ActiveUnacknowledged), (raised.Type, raised.State));
        Assert.Equal(2000, script.Tag.GetRaisedAtMs(AlarmKind.High));
    }

    [Fact]
    public void Latched_ReRaiseAfterReturn_StillHonoursTheOnDelay()
    {
        var script = new AlarmScript(AlarmScript.High(80, onDelayMs: 3000, latching: true));
        script.At(0, 85);
        script.At(3000, 85);
        script.At(4000, 70);
        Assert.Equal(AlarmState.ClearedUnacknowledged, script[AlarmKind.High]);

        Assert.Empty(script.At(5000, 85));
        Assert.Empty(script.At(7999, 85));
        Assert.Single(script.At(8000, 85));
    }

    [Fact]
    public void Acknowledging_WhatIsNotWaiting_DoesNothing()
    {
        var script = new AlarmScript(AlarmScript.High(80));
        var buffer = new AlarmEventBuffer(4);

        Assert.False(script.Tag.Acknowledge(AlarmKind.High, 0, buffer));
        script.At(0, 85);
        Assert.True(script.Tag.Acknowledge(AlarmKind.High, 10, buffer));
        Assert.False(script.Tag.Acknowledge(AlarmKind.High, 20, buffer));
        Assert.False(script.Tag.Acknowledge(AlarmKind.Low, 30, buffer));

        Assert.Equal(1, buffer.Count);
    }

    [Fact]
    public void AnAcknowledgement_CarriesTheLastValueAndQuality()
    {
        var script = new AlarmScript(AlarmScript.High(80));
        script.At(0, 85);
        script.At(100, 86.5);

        AlarmEvent ack = Assert.Single(script.Ack(AlarmKind.High, 200));

        Assert.Equal(86.5, ack.Value);
        Assert.Equal(200, ack.TimeMs);
        Assert.Equal(SignalQuality.Good, ack.Quality);
    }

    [Fact]
    public void AcknowledgeAll_OnATag_AcknowledgesEveryWaitingAlarm()
    {
        var config = new TagAlarmConfig("tank1.lel", "%LEL")
        {
            High = new AlarmLimit(25, 0, 0, 0, false),
            HighHigh = new AlarmLimit(50, 0, 0, 0, true),
        };
        var tag = new TagAlarms(config);
        var buffer = new AlarmEventBuffer(16);
        tag.Evaluate(60, SignalQuality.Good, 0, buffer);
        tag.Evaluate(30, SignalQuality.Good, 1000, buffer); // HH returns (latched), H still active
        buffer.Clear();

        Assert.Equal(2, tag.AcknowledgeAll(2000, buffer));

        Assert.Equal(AlarmState.Normal, tag.GetState(AlarmKind.HighHigh));
        Assert.Equal(AlarmState.ActiveAcknowledged, tag.GetState(AlarmKind.High));
        Assert.Equal(AlarmKinds.None, tag.Unacknowledged);
        Assert.Equal(3, buffer.Count); // HH acknowledged + cleared, H acknowledged
    }

    [Fact]
    public void Panel_AcknowledgesByTagAndKind_ByTag_AndAll()
    {
        var panel = new AlarmPanel(
            [GasAlarmDefaults.Combustible("tank1.lel"), GasAlarmDefaults.Combustible("tank2.lel"), GasAlarmDefaults.Oxygen("pump.o2")],
            [],
            64);
        int tank1 = panel.IndexOf("tank1.lel");
        int tank2 = panel.IndexOf("tank2.lel");
        int oxygen = panel.IndexOf("pump.o2");
        panel.Evaluate(tank1, 60, SignalQuality.Good, 0);
        panel.Evaluate(tank2, 60, SignalQuality.Good, 0);
        panel.Evaluate(oxygen, 18, SignalQuality.Good, 0);

        Assert.True(panel.Acknowledge(tank1, AlarmKind.HighHigh, 10));
        Assert.Equal(AlarmKinds.High, panel.GetTag(tank1).Unacknowledged);

        Assert.Equal(2, panel.AcknowledgeTag(tank2, 20));
        Assert.Equal(AlarmKinds.None, panel.GetTag(tank2).Unacknowledged);

        Assert.Equal(2, panel.AcknowledgeAll(30)); // tank1 H and O2 L
        for (int t = 0; t < panel.TagCount; t++)
        {
            Assert.Equal(AlarmKinds.None, panel.GetTag(t).Unacknowledged);
        }

        Assert.Equal(-1, panel.IndexOf("tank3.lel"));
    }
}
