using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>A wrong alarm config is refused with the tag, the site-config key and the fix in the message.</summary>
public class ConfigValidationTests
{
    public static TheoryData<string, string[]> Broken => new()
    {
        { "h-above-hh", ["alarms.tank1.lel", "limits.hh = 20 %LEL", "must be above limits.h = 25 %LEL", "ll < l < h < hh"] },
        { "l-above-h", ["limits.h = 10 %LEL", "must be above limits.l = 12 %LEL"] },
        { "negative-hysteresis", ["limits.h hysteresis = -1", "0 or more"] },
        { "nan-limit", ["limits.ll is not a finite number", "%LEL"] },
        { "negative-delay", ["limits.h on_delay_s/off_delay_s"] },
        { "zero-rate", ["rate.per_minute = 0 %LEL/min", "above 0"] },
        { "rate-hysteresis", ["rate.hysteresis = 1 %LEL/min", "never clear"] },
        { "short-window", ["rate.window_s = 0.5 s", "at least 1 s"] },
        { "history", ["rate.history = 1 samples", "default is 16"] },
        { "no-fault-trigger", ["fault_alarm.on is empty", "comm_failure"] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void ABrokenConfig_IsRefusedWithTheKeyAndTheFix(string breakage, string[] expected)
    {
        TagAlarmConfig config = Break(breakage);

        string? problem = config.Validate();
        var error = Assert.Throws<ArgumentException>(() => new TagAlarms(config));

        Assert.NotNull(problem);
        Assert.Equal(problem, error.Message);
        foreach (string part in expected)
        {
            Assert.Contains(part, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ATagWithoutAName_IsRefused()
    {
        Assert.Contains("tag name", new TagAlarmConfig("", "m").Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyConfig_IsValid_AndNeverRaises()
    {
        var script = new AlarmScript(new TagAlarmConfig("spare", "m"));

        script.At(0, 1e12);
        script.At(1, double.NaN, SignalQuality.SensorFault);

        Assert.Empty(script.All);
    }

    private static TagAlarmConfig Break(string breakage)
    {
        TagAlarmConfig config = GasAlarmDefaults.Combustible("tank1.lel");
        switch (breakage)
        {
            case "h-above-hh": config.HighHigh = new AlarmLimit(20, 0, 0, 0, true); break;
            case "l-above-h": config.Low = new AlarmLimit(12, 0, 0, 0, false); config.High = new AlarmLimit(10, 0, 0, 0, false); break;
            case "negative-hysteresis": config.High = new AlarmLimit(25, -1, 0, 0, false); break;
            case "nan-limit": config.LowLow = new AlarmLimit(double.NaN, 0, 0, 0, false); break;
            case "negative-delay": config.High = new AlarmLimit(25, 0, -1, 0, false); break;
            case "zero-rate": config.RateOfChange = new AlarmLimit(0, 0, 0, 0, false); break;
            case "rate-hysteresis": config.RateOfChange = new AlarmLimit(1, 1, 0, 0, false); break;
            case "short-window": config.RateOfChange = new AlarmLimit(1, 0, 0, 0, false); config.RateWindowMs = 500; break;
            case "history": config.RateOfChange = new AlarmLimit(1, 0, 0, 0, false); config.RateHistoryLength = 1; break;
            case "no-fault-trigger": config.FaultTriggers = FaultTriggers.None; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage);
        }

        return config;
    }
}
