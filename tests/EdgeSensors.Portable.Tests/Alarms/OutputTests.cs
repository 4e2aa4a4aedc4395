using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>
/// Local outputs switch in the same evaluation as the crossing, with no network involved. The buzzer rule: an
/// acknowledgement silences a buzzer (UntilAcknowledged) while the cut-off relay (WhileActive) stays on until the
/// condition clears, and for a latched alarm until it has also been acknowledged.
/// </summary>
public class OutputTests
{
    private readonly RecordingPin _relayPin = new();
    private readonly RecordingPin _buzzerPin = new();
    private readonly AlarmPanel _panel;
    private readonly int _tank1;

    public OutputTests()
    {
        var relay = new OutputBinding("relay.cutoff-tank1", _relayPin, OutputMode.WhileActive, activeHigh: true, maxSources: 1);
        relay.Drive("tank1.lel", AlarmKinds.HighHigh);
        var buzzer = new OutputBinding("buzzer.control-room", _buzzerPin, OutputMode.UntilAcknowledged, activeHigh: true, maxSources: 1);
        buzzer.Drive(OutputBinding.AnyTag, AlarmKinds.Limits);
        _panel = new AlarmPanel([GasAlarmDefaults.Combustible("tank1.lel"), GasAlarmDefaults.Combustible("tank2.lel")], [relay, buzzer], 32);
        _tank1 = _panel.IndexOf("tank1.lel");
        _panel.RefreshOutputs();
    }

    [Fact]
    public void TheRelay_SwitchesInTheEvaluationThatCrossesTheLimit()
    {
        _panel.Evaluate(_tank1, 49.9, SignalQuality.Good, 0);
        Assert.False(_relayPin.High);

        _panel.Evaluate(_tank1, 50, SignalQuality.Good, 1000);

        Assert.True(_relayPin.High);
        Assert.True(_panel.GetOutput(0).IsOn);
    }

    [Fact]
    public void Acknowledging_SilencesTheBuzzer_ButTheRelayStaysOnWhileTheConditionPersists()
    {
        _panel.Evaluate(_tank1, 60, SignalQuality.Good, 0);
        Assert.True(_buzzerPin.High);

        _panel.AcknowledgeTag(_tank1, 1000);
        _panel.Evaluate(_tank1, 60, SignalQuality.Good, 2000);

        Assert.False(_buzzerPin.High);
        Assert.True(_relayPin.High);
    }

    [Fact]
    public void ALatchedRelay_StaysOnAfterTheConditionClears_UntilAcknowledged()
    {
        _panel.Evaluate(_tank1, 60, SignalQuality.Good, 0);
        _panel.Evaluate(_tank1, 5, SignalQuality.Good, 1000); // HH latches (GB/T defaults), H clears

        Assert.True(_relayPin.High);
        Assert.True(_buzzerPin.High);

        _panel.Acknowledge(_tank1, AlarmKind.HighHigh, 2000);

        Assert.False(_relayPin.High);
        Assert.False(_buzzerPin.High);
    }

    [Fact]
    public void AnAcknowledgedRelay_GoesOffWhenTheConditionClears()
    {
        _panel.Evaluate(_tank1, 60, SignalQuality.Good, 0);
        _panel.AcknowledgeAll(500);

        _panel.Evaluate(_tank1, 47.9, SignalQuality.Good, 1000); // below 50 - 2 %LEL hysteresis

        Assert.False(_relayPin.High);
    }

    [Fact]
    public void ANewRaise_SoundsTheSilencedBuzzerAgain()
    {
        int tank2 = _panel.IndexOf("tank2.lel");
        _panel.Evaluate(_tank1, 30, SignalQuality.Good, 0);
        _panel.AcknowledgeAll(500);
        Assert.False(_buzzerPin.High);

        _panel.Evaluate(tank2, 30, SignalQuality.Good, 1000);

        Assert.True(_buzzerPin.High);
    }

    [Fact]
    public void OutputsIgnoreKindsAndTagsTheyAreNotDrivenBy()
    {
        int tank2 = _panel.IndexOf("tank2.lel");

        _panel.Evaluate(tank2, 60, SignalQuality.Good, 0); // HH of another tag
        _panel.Evaluate(_tank1, 30, SignalQuality.Good, 0); // H only

        Assert.False(_relayPin.High);
    }

    [Fact]
    public void AnActiveLowOutput_IsDrivenLowWhenOn()
    {
        var pin = new RecordingPin();
        var beacon = new OutputBinding("beacon.gate", pin, OutputMode.WhileActive, activeHigh: false, maxSources: 1);
        beacon.Drive("tank1.lel", AlarmKinds.All);
        var panel = new AlarmPanel([GasAlarmDefaults.Combustible("tank1.lel")], [beacon], 16);

        panel.Evaluate(0, 0, SignalQuality.Good, 0);
        Assert.True(pin.High);

        panel.Evaluate(0, 30, SignalQuality.Good, 1000);
        Assert.False(pin.High);
        Assert.True(beacon.IsOn);
    }

    [Fact]
    public void EveryEvaluation_RewritesEveryPin()
    {
        for (int i = 0; i < 10; i++)
        {
            _panel.Evaluate(_tank1, 10, SignalQuality.Good, i * 1000);
        }

        // One write from the constructor's refresh plus one per evaluation; a pin reset by a glitch is corrected next poll.
        Assert.Equal(11, _relayPin.Writes);
        Assert.Equal(11, _buzzerPin.Writes);
        Assert.Equal(0, _relayPin.LevelChanges);
    }

    [Fact]
    public void ASensorFault_DrivesOnlyTheOutputsThatListIt()
    {
        var pin = new RecordingPin();
        var beacon = new OutputBinding("beacon.fault", pin, OutputMode.WhileActive, activeHigh: true, maxSources: 2);
        beacon.Drive("tank1.lel", AlarmKinds.SensorFault);
        var config = GasAlarmDefaults.Combustible("tank1.lel");
        config.SensorFault = AlarmLimit.Condition(0, 0, false);
        var panel = new AlarmPanel([config], [beacon], 16);

        panel.Evaluate(0, 30, SignalQuality.Good, 0);
        Assert.False(pin.High);

        panel.Evaluate(0, double.NaN, SignalQuality.SensorFault, 1000);
        Assert.True(pin.High);
    }

    [Fact]
    public void AnOutputDrivenByAnUnknownTag_IsRejectedWithItsName()
    {
        var output = new OutputBinding("relay.pump", new RecordingPin(), OutputMode.WhileActive, activeHigh: true, maxSources: 1);
        output.Drive("tank9.level", AlarmKinds.High);

        var error = Assert.Throws<ArgumentException>(() => new AlarmPanel([GasAlarmDefaults.Combustible("tank1.lel")], [output], 8));

        Assert.Contains("relay.pump", error.Message, StringComparison.Ordinal);
        Assert.Contains("tank9.level", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreSourcesThanReserved_AreRejected()
    {
        var output = new OutputBinding("buzzer", new RecordingPin(), OutputMode.UntilAcknowledged, activeHigh: true, maxSources: 1);
        output.Drive("a", AlarmKinds.High);

        var error = Assert.Throws<InvalidOperationException>(() => output.Drive("b", AlarmKinds.High));

        Assert.Contains("maxSources", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATagConfiguredTwice_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new AlarmPanel([GasAlarmDefaults.Combustible("tank1.lel"), GasAlarmDefaults.Oxygen("tank1.lel")], [], 8));

        Assert.Contains("alarms.tank1.lel", error.Message, StringComparison.Ordinal);
    }
}
