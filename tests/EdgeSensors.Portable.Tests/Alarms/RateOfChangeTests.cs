using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>The rate-of-change alarm: a pressure drop faster than 0.5 bar/min over 60 s suggests a leak.</summary>
public class RateOfChangeTests
{
    private const long Second = 1000;

    [Fact]
    public void AFastDrop_RaisesOnceHalfAWindowOfHistoryExists()
    {
        var script = new AlarmScript(Pressure(RateDirection.Falling));
        AlarmEvent? raised = null;

        for (long t = 0; t <= 60 * Second && raised is null; t += Second)
        {
            raised = script.At(t, 10 - (t / 60000.0)).Cast<AlarmEvent?>().SingleOrDefault(); // 1 bar/min
            if (t < 30 * Second)
            {
                Assert.True(double.IsNaN(script.Tag.LastRatePerMinute));
            }
        }

        Assert.NotNull(raised);
        Assert.Equal(AlarmKind.RateOfChange, raised.Value.Kind);
        Assert.Equal(30 * Second, raised.Value.TimeMs);
        Assert.Equal(-1.0, raised.Value.Value, 9);
        Assert.Equal(0.5, raised.Value.Limit);
    }

    [Fact]
    public void ASlowDrop_NeverRaises()
    {
        var script = new AlarmScript(Pressure(RateDirection.Falling));

        for (long t = 0; t <= 600 * Second; t += Second)
        {
            script.At(t, 10 - (0.2 * t / 60000.0)); // 0.2 bar/min
        }

        Assert.Empty(script.All);
        Assert.Equal(-0.2, script.Tag.LastRatePerMinute, 9);
    }

    [Theory]
    [InlineData(RateDirection.Falling, -1.0, true)]
    [InlineData(RateDirection.Falling, 1.0, false)]
    [InlineData(RateDirection.Rising, 1.0, true)]
    [InlineData(RateDirection.Rising, -1.0, false)]
    [InlineData(RateDirection.Either, 1.0, true)]
    [InlineData(RateDirection.Either, -1.0, true)]
    public void TheDirection_DecidesWhichChangesRaise(RateDirection direction, double barPerMinute, bool raises)
    {
        var script = new AlarmScript(Pressure(direction));

        for (long t = 0; t <= 60 * Second; t += Second)
        {
            script.At(t, 10 + (barPerMinute * t / 60000.0));
        }

        Assert.Equal(raises, script[AlarmKind.RateOfChange] != AlarmState.Normal);
    }

    [Fact]
    public void TheAlarmClears_OnceTheDropStopsAndTheWindowMovesOn()
    {
        var script = new AlarmScript(Pressure(RateDirection.Falling));
        double pressure = 10;
        for (long t = 0; t <= 60 * Second; t += Second)
        {
            pressure = 10 - (t / 60000.0);
            script.At(t, pressure);
        }

        Assert.Equal(AlarmState.ActiveUnacknowledged, script[AlarmKind.RateOfChange]);
        long? clearedAt = null;
        for (long t = 61 * Second; t <= 180 * Second && clearedAt is null; t += Second)
        {
            if (script.At(t, pressure).Any(e => e.Type == AlarmEventType.Cleared))
            {
                clearedAt = t;
            }
        }

        // Flat since 60 s: the rate over the window falls under 0.5 - 0.1 bar/min once the window holds more flat than drop.
        Assert.NotNull(clearedAt);
        Assert.InRange(clearedAt.Value, 90 * Second, 125 * Second);
        Assert.InRange(script.Tag.LastRatePerMinute, -0.4, 0);
    }

    [Fact]
    public void FastPolling_StillMeasuresOverTheWholeWindow()
    {
        // 16 samples polled every 100 ms would cover 1.5 s; thinning must keep them spread over the 60 s window.
        var script = new AlarmScript(Pressure(RateDirection.Falling));
        for (long t = 0; t < 120 * Second; t += 100)
        {
            script.At(t, 10);
        }

        script.At(120 * Second, 9.7); // a 0.3 bar step

        // Over about a minute that is about 0.3 bar/min, not the 11 bar/min a 1.6 s span would give.
        Assert.InRange(script.Tag.LastRatePerMinute, -0.33, -0.29);
        Assert.Equal(AlarmState.Normal, script[AlarmKind.RateOfChange]);
    }

    [Fact]
    public void AClockSteppingBackwards_StartsTheHistoryAgain()
    {
        var script = new AlarmScript(Pressure(RateDirection.Falling));
        for (long t = 100 * Second; t <= 160 * Second; t += Second)
        {
            script.At(t, 10);
        }

        script.At(50 * Second, 5); // clock moved back: no rate against samples "from the future"

        Assert.True(double.IsNaN(script.Tag.LastRatePerMinute));
        Assert.Equal(AlarmState.Normal, script[AlarmKind.RateOfChange]);
    }

    [Fact]
    public void ReadingsWithoutAMeasurement_AreLeftOutOfTheHistory()
    {
        var script = new AlarmScript(Pressure(RateDirection.Falling));
        for (long t = 0; t <= 60 * Second; t += Second)
        {
            bool lost = t % 3000 == 0 && t > 0;
            script.At(t, lost ? 0 : 10, lost ? SignalQuality.CommFailure : SignalQuality.Good);
        }

        Assert.Empty(script.All);
        Assert.Equal(0, script.Tag.LastRatePerMinute, 9);
    }

    private static TagAlarmConfig Pressure(RateDirection direction)
    {
        return new TagAlarmConfig("line1.pressure", "bar")
        {
            RateOfChange = new AlarmLimit(0.5, 0.1, 0, 0, false),
            RateDirection = direction,
            RateWindowMs = 60 * Second,
            RateHistoryLength = 16,
        };
    }
}
