using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>The GB/T 50493-2019 clause 5.5.2 set points, and that the alarms act on them.</summary>
public class GasAlarmDefaultsTests
{
    [Fact]
    public void CombustibleGas_IsFirstLevel25_SecondLevel50PercentLel()
    {
        TagAlarmConfig config = GasAlarmDefaults.Combustible("tank1.lel");

        Assert.Equal("%LEL", config.Unit);
        Assert.Equal(25, config.High.Limit);
        Assert.Equal(50, config.HighHigh.Limit);
        Assert.True(config.HighHigh.Latching);
        Assert.False(config.High.Latching);
        Assert.Equal(0, config.High.OnDelayMs);
        Assert.False(config.Low.Enabled);
        Assert.True(config.SensorFault.Enabled);
        Assert.Equal(10_000, config.SensorFault.OnDelayMs);
        Assert.Null(config.Validate());

        var script = new AlarmScript(config);
        script.At(0, 24.9);
        Assert.Equal(AlarmKinds.None, script.Tag.Active);
        script.At(1000, 25);
        Assert.Equal(AlarmKinds.High, script.Tag.Active);
        script.At(2000, 50);
        Assert.Equal(AlarmKinds.High | AlarmKinds.HighHigh, script.Tag.Active);
    }

    [Fact]
    public void Oxygen_IsEnrichmentAbove23_5_AndDeficiencyBelow19_5PercentVol()
    {
        TagAlarmConfig config = GasAlarmDefaults.Oxygen("pump.o2");

        Assert.Equal("%VOL", config.Unit);
        Assert.Equal(23.5, config.High.Limit);
        Assert.Equal(19.5, config.Low.Limit);
        Assert.False(config.HighHigh.Enabled);
        Assert.Null(config.Validate());

        var script = new AlarmScript(config);
        script.At(0, 20.9); // air
        Assert.Equal(AlarmKinds.None, script.Tag.Active);
        script.At(1000, 19.5);
        Assert.Equal(AlarmKinds.Low, script.Tag.Active);
        script.At(2000, 23.5);
        Assert.Equal(AlarmKinds.High | AlarmKinds.Low, script.Tag.Active); // L is latched (second level)
    }

    [Fact]
    public void ToxicGas_IsOneAndTwoTimesTheOel()
    {
        TagAlarmConfig config = GasAlarmDefaults.Toxic("tank3.h2s", "ppm", 10);

        Assert.Equal("ppm", config.Unit);
        Assert.Equal(10, config.High.Limit);
        Assert.Equal(20, config.HighHigh.Limit);
        Assert.Equal(1, config.High.Hysteresis, 9);
        Assert.Null(config.Validate());
    }

    [Fact]
    public void ToxicGasByIdlh_IsFiveAndTenPercentOfIdlh()
    {
        TagAlarmConfig config = GasAlarmDefaults.ToxicByIdlh("tank3.h2s", "ppm", 100);

        Assert.Equal(5, config.High.Limit, 9);
        Assert.Equal(10, config.HighHigh.Limit, 9);
        Assert.Null(config.Validate());
    }

    [Fact]
    public void OpenPathCombustible_IsOneAndTwoLelMetres()
    {
        TagAlarmConfig config = GasAlarmDefaults.OpenPathCombustible("fence.north");

        Assert.Equal("LEL·m", config.Unit);
        Assert.Equal(1, config.High.Limit);
        Assert.Equal(2, config.HighHigh.Limit);
        Assert.Null(config.Validate());
    }
}
