using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>What an operator reads: tag, alarm, numbers with units, and the state it is in now.</summary>
public class AlarmTextTests
{
    [Fact]
    public void ARaisedLimit_ShowsValueAndLimitWithUnits()
    {
        var alarm = new AlarmEvent("tank1.lel", "%LEL", AlarmKind.HighHigh, AlarmEventType.Raised, AlarmState.ActiveUnacknowledged, 0, 52.5, 50, SignalQuality.Good);

        Assert.Equal("tank1.lel HH raised: 52.5 %LEL, limit 50 %LEL; now active, unacknowledged", AlarmText.Describe(alarm));
    }

    [Fact]
    public void ARateAlarm_ShowsUnitPerMinute()
    {
        var alarm = new AlarmEvent("line1.pressure", "bar", AlarmKind.RateOfChange, AlarmEventType.Returned, AlarmState.ClearedUnacknowledged, 0, -0.25, 0.5, SignalQuality.Good);

        Assert.Equal("line1.pressure rate returned to normal, latched: -0.25 bar/min, limit 0.5 bar/min; now cleared, latched until acknowledged", AlarmText.Describe(alarm));
    }

    [Fact]
    public void AFaultAlarm_ShowsTheQuality()
    {
        var alarm = new AlarmEvent("tank1.lel", "%LEL", AlarmKind.SensorFault, AlarmEventType.Raised, AlarmState.ActiveUnacknowledged, 0, double.NaN, 0, SignalQuality.CommFailure);

        Assert.Equal("tank1.lel fault raised: reading communication failure; now active, unacknowledged", AlarmText.Describe(alarm));
    }

    [Fact]
    public void EveryKind_HasANameAndAConfigKey()
    {
        foreach (AlarmKind kind in Enum.GetValues<AlarmKind>())
        {
            Assert.DoesNotContain("alarm ", AlarmText.Name(kind), StringComparison.Ordinal);
            Assert.DoesNotContain("alarm ", AlarmText.ConfigKey(kind), StringComparison.Ordinal);
        }

        Assert.Equal(TagAlarms.KindCount, Enum.GetValues<AlarmKind>().Length);
    }
}
