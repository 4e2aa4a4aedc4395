using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>The sensor-fault alarm follows the reading's quality; limits hold their state while there is no measurement.</summary>
public class SensorFaultTests
{
    [Theory]
    [InlineData(SignalQuality.SensorFault, true)]
    [InlineData(SignalQuality.CommFailure, true)]
    [InlineData(SignalQuality.Invalid, true)]
    [InlineData(SignalQuality.OutOfRange, false)]
    [InlineData(SignalQuality.Stale, false)]
    [InlineData(SignalQuality.Good, false)]
    public void TheDefaultTriggers_AreEverythingThatIsNotAMeasurement(SignalQuality quality, bool raises)
    {
        var script = new AlarmScript(WithFault(FaultTriggers.NoMeasurement));

        script.At(0, 50, quality);

        Assert.Equal(raises, script[AlarmKind.SensorFault] == AlarmState.ActiveUnacknowledged);
    }

    [Fact]
    public void WhichQualitiesRaise_IsConfigurable()
    {
        var script = new AlarmScript(WithFault(FaultTriggers.SensorFault | FaultTriggers.OutOfRange));

        script.At(0, double.NaN, SignalQuality.CommFailure);
        Assert.Equal(AlarmState.Normal, script[AlarmKind.SensorFault]);

        // Over range raises the fault alarm and, being still a measurement, H as well.
        List<AlarmEvent> events = script.At(1000, 120, SignalQuality.OutOfRange);
        Assert.Equal(
            [(AlarmKind.High, AlarmEventType.Raised), (AlarmKind.SensorFault, AlarmEventType.Raised)],
            events.Select(e => (e.Kind, e.Type)));
        Assert.All(events, e => Assert.Equal(SignalQuality.OutOfRange, e.Quality));
    }

    [Fact]
    public void TheFaultAlarm_HonoursItsOnDelay_AndClearsWhenGoodReadingsReturn()
    {
        var config = WithFault(FaultTriggers.NoMeasurement);
        config.SensorFault = AlarmLimit.Condition(10_000, 0, latching: false);
        var script = new AlarmScript(config);

        Assert.Empty(script.At(0, 0, SignalQuality.CommFailure));
        Assert.Empty(script.At(5_000, 0, SignalQuality.CommFailure));
        Assert.Single(script.At(10_000, 0, SignalQuality.CommFailure));

        AlarmEvent cleared = Assert.Single(script.At(11_000, 40));
        Assert.Equal(AlarmEventType.Cleared, cleared.Type);
    }

    [Fact]
    public void AnActiveLimitAlarm_DoesNotClearWhileTheDetectorIsSilent()
    {
        var script = new AlarmScript(WithFault(FaultTriggers.NoMeasurement));
        script.At(0, 90);

        List<AlarmEvent> events = script.At(1000, 0, SignalQuality.CommFailure);

        Assert.Equal((AlarmKind.SensorFault, AlarmEventType.Raised), events.Select(e => (e.Kind, e.Type)).Single());
        Assert.Equal(AlarmState.ActiveUnacknowledged, script[AlarmKind.High]);
        Assert.Equal(90, script.Tag.LastValue);

        // Readings come back, below the limit: now, and only now, H clears.
        List<AlarmEvent> back = script.At(2000, 40);
        Assert.Contains(back, e => e.Kind == AlarmKind.High && e.Type == AlarmEventType.Cleared);
        Assert.Contains(back, e => e.Kind == AlarmKind.SensorFault && e.Type == AlarmEventType.Cleared);
    }

    [Fact]
    public void AStaleReading_HoldsTheLimits_AndRaisesTheFaultAlarmOnlyWhenAskedTo()
    {
        var script = new AlarmScript(WithFault(FaultTriggers.Stale));
        script.At(0, 90);

        // The poller repeats the last good value, 90: it must not run an off-delay or count as a new reading.
        List<AlarmEvent> events = script.At(1000, 40, SignalQuality.Stale);

        Assert.Equal((AlarmKind.SensorFault, AlarmEventType.Raised), events.Select(e => (e.Kind, e.Type)).Single());
        Assert.Equal(AlarmState.ActiveUnacknowledged, script[AlarmKind.High]);
        Assert.Equal(90, script.Tag.LastValue);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ANonFiniteValueWithGoodQuality_CountsAsInvalid(double value)
    {
        var script = new AlarmScript(WithFault(FaultTriggers.Invalid));
        script.At(0, 50);

        AlarmEvent raised = Assert.Single(script.At(1000, value));

        Assert.Equal((AlarmKind.SensorFault, SignalQuality.Invalid), (raised.Kind, raised.Quality));
        Assert.Equal(SignalQuality.Invalid, script.Tag.LastQuality);
        Assert.Equal(AlarmState.Normal, script[AlarmKind.High]);
        Assert.Equal(50, script.Tag.LastValue);
    }

    [Fact]
    public void ALatchedFaultAlarm_NeedsAnAcknowledgementAfterCommunicationReturns()
    {
        var config = WithFault(FaultTriggers.CommFailure);
        config.SensorFault = AlarmLimit.Condition(0, 0, latching: true);
        var script = new AlarmScript(config);
        script.At(0, 0, SignalQuality.CommFailure);

        Assert.Equal(AlarmEventType.Returned, Assert.Single(script.At(1000, 40)).Type);
        Assert.Equal(AlarmKinds.SensorFault, script.Tag.Active);
    }

    private static TagAlarmConfig WithFault(FaultTriggers triggers)
    {
        return new TagAlarmConfig("tank1.lel", "%LEL")
        {
            High = new AlarmLimit(80, 0, 0, 0, false),
            SensorFault = AlarmLimit.Condition(0, 0, latching: false),
            FaultTriggers = triggers,
        };
    }
}
