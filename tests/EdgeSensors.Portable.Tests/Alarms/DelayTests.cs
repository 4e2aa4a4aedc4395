using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>On- and off-delays, with injected time: a condition must persist, uninterrupted, for the whole delay.</summary>
public class DelayTests
{
    [Fact]
    public void OnDelay_RaisesOnlyAfterTheValueStayedBeyondTheLimitThatLong()
    {
        var script = new AlarmScript(AlarmScript.High(80, onDelayMs: 5000));

        Assert.Empty(script.At(10_000, 85));
        Assert.Empty(script.At(14_999, 85));
        AlarmEvent raised = Assert.Single(script.At(15_000, 85));

        Assert.Equal(15_000, raised.TimeMs);
    }

    [Fact]
    public void OnDelay_RestartsWhenTheValueDipsBelowTheLimit()
    {
        var script = new AlarmScript(AlarmScript.High(80, hysteresis: 5, onDelayMs: 5000));

        script.At(0, 85);
        script.At(3000, 79); // within the hysteresis band, but the alarm is not yet raised: the limit itself counts
        script.At(4000, 85);

        Assert.Empty(script.At(8999, 85));
        Assert.Single(script.At(9000, 85));
    }

    [Fact]
    public void OffDelay_ClearsOnlyAfterTheValueStayedBackInsideThatLong()
    {
        var script = new AlarmScript(AlarmScript.High(80, hysteresis: 5, offDelayMs: 3000));
        script.At(0, 90);

        Assert.Empty(script.At(1000, 70));
        Assert.Empty(script.At(3999, 70));
        AlarmEvent cleared = Assert.Single(script.At(4000, 70));

        Assert.Equal(AlarmEventType.Cleared, cleared.Type);
    }

    [Fact]
    public void OffDelay_RestartsWhenTheValueReturnsIntoTheHysteresisBand()
    {
        var script = new AlarmScript(AlarmScript.High(80, hysteresis: 5, offDelayMs: 3000));
        script.At(0, 90);

        script.At(1000, 70);
        script.At(2000, 76); // back above limit - hysteresis: still violating
        script.At(3000, 70);

        Assert.Empty(script.At(5999, 70));
        Assert.Single(script.At(6000, 70));
    }

    [Fact]
    public void AClockSteppingBackwards_RestartsTheDelay()
    {
        var script = new AlarmScript(AlarmScript.High(80, onDelayMs: 5000));

        script.At(10_000, 85);
        script.At(5_000, 85); // SNTP moved the clock back 5 s

        Assert.Empty(script.At(9_999, 85));
        Assert.Single(script.At(10_000, 85));
    }

    [Fact]
    public void AReadingWithoutAMeasurement_RestartsAnOnDelay()
    {
        var script = new AlarmScript(AlarmScript.High(80, onDelayMs: 5000));

        script.At(0, 85);
        script.At(2000, double.NaN, SignalQuality.CommFailure);

        Assert.Empty(script.At(5000, 85));
        Assert.Empty(script.At(9999, 85));
        Assert.Single(script.At(10_000, 85));
    }

    [Fact]
    public void ZeroDelays_ActAtTheFirstReading()
    {
        var script = new AlarmScript(AlarmScript.High(80));

        Assert.Single(script.At(0, 80));
        Assert.Single(script.At(1, 79));
    }
}
