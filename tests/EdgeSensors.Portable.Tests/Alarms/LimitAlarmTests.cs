using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>HH, H, L and LL: where each raises, where hysteresis lets it clear, and what the events carry.</summary>
public class LimitAlarmTests
{
    [Fact]
    public void High_RaisesAtTheLimit_NotJustBelowIt()
    {
        var script = new AlarmScript(AlarmScript.High(80));

        Assert.Empty(script.At(0, 79.999));
        AlarmEvent raised = Assert.Single(script.At(1000, 80));

        Assert.Equal(AlarmKind.High, raised.Kind);
        Assert.Equal(AlarmEventType.Raised, raised.Type);
        Assert.Equal(AlarmState.ActiveUnacknowledged, raised.State);
        Assert.Equal(AlarmState.ActiveUnacknowledged, script[AlarmKind.High]);
        Assert.Equal(1000, script.Tag.GetRaisedAtMs(AlarmKind.High));
    }

    [Fact]
    public void High_ClearsOnlyBelowLimitMinusHysteresis()
    {
        var script = new AlarmScript(AlarmScript.High(80, hysteresis: 5));
        script.At(0, 85);

        Assert.Empty(script.At(1000, 79.9));
        Assert.Empty(script.At(2000, 75)); // exactly limit - hysteresis still holds
        AlarmEvent cleared = Assert.Single(script.At(3000, 74.999));

        Assert.Equal(AlarmEventType.Cleared, cleared.Type);
        Assert.Equal(AlarmState.Normal, cleared.State);
        Assert.Equal(74.999, cleared.Value);
    }

    [Fact]
    public void High_AfterClearing_NeedsTheFullLimitAgain()
    {
        var script = new AlarmScript(AlarmScript.High(80, hysteresis: 5));
        script.At(0, 85);
        script.At(1000, 70);

        Assert.Empty(script.At(2000, 79.9));
        Assert.Equal(AlarmEventType.Raised, Assert.Single(script.At(3000, 80)).Type);
    }

    [Fact]
    public void Low_RaisesAtTheLimit_AndClearsAboveLimitPlusHysteresis()
    {
        var config = new TagAlarmConfig("tank1.level", "m") { Low = new AlarmLimit(20, 2, 0, 0, false) };
        var script = new AlarmScript(config);

        Assert.Empty(script.At(0, 20.001));
        Assert.Equal(AlarmEventType.Raised, Assert.Single(script.At(1000, 20)).Type);
        Assert.Empty(script.At(2000, 21.9));
        Assert.Empty(script.At(3000, 22));
        Assert.Equal(AlarmEventType.Cleared, Assert.Single(script.At(4000, 22.001)).Type);
    }

    [Fact]
    public void LowLow_IsIndependentOfLow()
    {
        var config = new TagAlarmConfig("tank1.level", "m")
        {
            Low = new AlarmLimit(2, 0.1, 0, 0, false),
            LowLow = new AlarmLimit(1, 0.1, 0, 0, false),
        };
        var script = new AlarmScript(config);

        AlarmEvent low = Assert.Single(script.At(0, 1.5));
        Assert.Equal(AlarmKind.Low, low.Kind);

        AlarmEvent lowLow = Assert.Single(script.At(1000, 0.8));
        Assert.Equal(AlarmKind.LowLow, lowLow.Kind);
        Assert.Equal(AlarmKinds.Low | AlarmKinds.LowLow, script.Tag.Active);

        AlarmEvent lowLowCleared = Assert.Single(script.At(2000, 1.5));
        Assert.Equal((AlarmKind.LowLow, AlarmEventType.Cleared), (lowLowCleared.Kind, lowLowCleared.Type));
        Assert.Equal(AlarmKinds.Low, script.Tag.Active);
    }

    [Fact]
    public void AValueBeyondHighHigh_RaisesBothHighAndHighHigh()
    {
        var config = new TagAlarmConfig("tank1.lel", "%LEL")
        {
            High = new AlarmLimit(25, 2, 0, 0, false),
            HighHigh = new AlarmLimit(50, 2, 0, 0, false),
        };
        var script = new AlarmScript(config);

        List<AlarmEvent> events = script.At(0, 60);

        Assert.Equal([AlarmKind.HighHigh, AlarmKind.High], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(AlarmEventType.Raised, e.Type));

        // Dropping between the two limits clears HH only.
        Assert.Equal((AlarmKind.HighHigh, AlarmEventType.Cleared), script.At(1000, 40).Select(e => (e.Kind, e.Type)).Single());
        Assert.Equal(AlarmKinds.High, script.Tag.Active);
    }

    [Fact]
    public void UnconfiguredLimits_NeverRaise()
    {
        var script = new AlarmScript(AlarmScript.High(80));

        Assert.Empty(script.At(0, -1e9));
        Assert.Equal(AlarmKinds.None, script.Tag.Active);
        Assert.False(script.Tag.GetLimit(AlarmKind.Low).Enabled);
    }

    [Fact]
    public void AnEvent_CarriesTagUnitTimeValueLimitAndQuality()
    {
        var script = new AlarmScript(AlarmScript.High(80));

        AlarmEvent raised = Assert.Single(script.At(1_700_000_000_123, 81.5, SignalQuality.OutOfRange));

        Assert.Equal("tank1.level", raised.Tag);
        Assert.Equal("m", raised.Unit);
        Assert.Equal(1_700_000_000_123, raised.TimeMs);
        Assert.Equal(81.5, raised.Value);
        Assert.Equal(80, raised.Limit);
        Assert.Equal(SignalQuality.OutOfRange, raised.Quality);
    }

    [Fact]
    public void AnOutOfRangeReading_IsStillEvaluated()
    {
        // An over-range gas reading means more gas than the detector can show: it must raise, not be ignored.
        var script = new AlarmScript(GasAlarmDefaults.Combustible("tank1.lel"));

        script.At(0, 120, SignalQuality.OutOfRange);

        Assert.Equal(AlarmKinds.HighHigh | AlarmKinds.High, script.Tag.Active);
        Assert.Equal(120, script.Tag.LastValue);
    }

    [Fact]
    public void AFullEventBuffer_CountsDroppedEvents()
    {
        var config = new TagAlarmConfig("t", "m")
        {
            High = new AlarmLimit(1, 0, 0, 0, false),
            HighHigh = new AlarmLimit(2, 0, 0, 0, false),
        };
        var tag = new TagAlarms(config);
        var buffer = new AlarmEventBuffer(1);

        tag.Evaluate(5, SignalQuality.Good, 0, buffer);

        Assert.Equal(1, buffer.Count);
        Assert.Equal(1, buffer.Dropped);
        Assert.Equal(AlarmKinds.High | AlarmKinds.HighHigh, tag.Active); // the states are right even when the record is short
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer[1]);
    }
}
