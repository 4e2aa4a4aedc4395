using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>Alarm presets (the alarm core's GB/T 50493 defaults), limits, their order and range, hysteresis, rate and fault alarm.</summary>
public class AlarmConfigTests
{
    private static readonly string[] KellerDevice =
    [
        .. MinimalConfig.Head,
        "  - name: line",                 // 10
        "    bus: sim",
        "    profile: keller-series30",
        "    unit_id: 5",
        "    tags:",
        "      - name: p1",               // 15
        "        alarms:",                // 16
    ];

    [Fact]
    public void The_combustible_gas_preset_is_the_alarm_cores_gb_t_50493_default()
    {
        AlarmConfig alarms = FirstTagAlarms(MinimalConfig.Text());
        TagAlarmConfig core = GasAlarmDefaults.Combustible("lel/concentration");

        Assert.Equal(GasPreset.CombustibleGas, alarms.Preset);
        Assert.Equal(new LimitSetting(25, core.High.Hysteresis, TimeSpan.Zero, TimeSpan.Zero, false), alarms.High);
        Assert.Equal(new LimitSetting(50, core.HighHigh.Hysteresis, TimeSpan.Zero, TimeSpan.Zero, true), alarms.HighHigh);
        Assert.Null(alarms.Low);
        Assert.Equal([AlarmKind.HighHigh, AlarmKind.High], alarms.FromStandard.ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(GasAlarmDefaults.FaultOnDelayMs), alarms.Fault!.OnDelay);
    }

    [Fact]
    public void A_stricter_site_limit_overrides_the_preset_and_the_other_limit_stays()
    {
        AlarmConfig alarms = FirstTagAlarms(MinimalConfig.Text("          limits: { h: 20 }"));

        Assert.Equal(20, alarms.High!.Value);
        Assert.Equal(50, alarms.HighHigh!.Value);
        Assert.Equal([AlarmKind.HighHigh], alarms.FromStandard.ToArray());
    }

    [Fact]
    public void Tag_level_settings_override_the_presets_for_every_limit()
    {
        AlarmConfig alarms = FirstTagAlarms(MinimalConfig.Text("          hysteresis: 1", "          latch: false", "          on_delay_s: 2"));

        Assert.All(new[] { alarms.High!, alarms.HighHigh! }, l => Assert.Equal((1.0, false, TimeSpan.FromSeconds(2)), (l.Hysteresis, l.Latch, l.OnDelay)));
    }

    [Fact]
    public void A_combustible_limit_laxer_than_the_preset_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("          limits: { hh: 60 }")));

        Assert.Equal(("devices[0].tags[0].alarms.limits.hh", 18), (error.Key, error.Line));
        Assert.Contains("hh 60 %LEL is less strict than the combustible_gas preset's 50 %LEL", error.Message);
        Assert.Contains("GB/T 50493-2019 clause 5.5.2", error.Message);
        Assert.StartsWith("set hh to 50 %LEL or lower", error.Fix);
    }

    [Fact]
    public void Oxygen_is_23_5_enrichment_and_19_5_deficiency_and_refuses_a_lower_deficiency_limit()
    {
        string oxygen = MinimalConfig.Text().Replace("preset: combustible_gas", "preset: oxygen");

        AlarmConfig alarms = FirstTagAlarms(oxygen);
        YamlError error = Assert.Single(ConfigFiles.Errors(oxygen + "          limits: { l: 19 }\n"));

        Assert.Equal((23.5, 19.5), (alarms.High!.Value, alarms.Low!.Value));
        Assert.True(alarms.Low.Latch);
        Assert.Null(alarms.HighHigh);
        Assert.Equal("devices[0].tags[0].alarms.limits.l", error.Key);
        Assert.Contains("no less than", error.Message);
    }

    [Fact]
    public void Toxic_gas_derives_its_limits_from_the_oel_and_needs_it()
    {
        string toxic = MinimalConfig.Text().Replace("preset: combustible_gas", "preset: toxic_gas");

        YamlError missing = Assert.Single(ConfigFiles.Errors(toxic));
        AlarmConfig alarms = FirstTagAlarms(toxic + "          oel: 10\n");
        YamlError lax = Assert.Single(ConfigFiles.Errors(toxic + "          oel: 10\n          limits: { hh: 25 }\n"));

        Assert.Equal(("devices[0].tags[0].alarms.preset", 17), (missing.Key, missing.Line));
        Assert.Contains("occupational exposure limit", missing.Message);
        Assert.Contains("oel: 10 for H2S in ppm", missing.Fix);
        Assert.Equal((10.0, 20.0), (alarms.High!.Value, alarms.HighHigh!.Value));
        Assert.Equal(10, alarms.PresetBasis);
        Assert.Equal("devices[0].tags[0].alarms.limits.hh", lax.Key);
    }

    [Fact]
    public void Oel_without_the_toxic_preset_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("          oel: 10")));

        Assert.Equal("devices[0].tags[0].alarms.oel", error.Key);
        Assert.Equal("set preset: toxic_gas, or remove 'oel'", error.Fix);
    }

    [Fact]
    public void A_preset_on_a_tag_that_cannot_read_its_unit_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. KellerDevice, "          preset: combustible_gas"])));

        Assert.Equal("devices[0].tags[0].alarms.preset", error.Key);
        Assert.Contains("has unit bar in profile 'keller-series30'", error.Message);
        Assert.Contains("%LEL", error.Message);
    }

    [Fact]
    public void Hh_below_h_is_refused_at_hh()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "          limits:", "            hh: 5", "            h: 6"]);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].tags[0].alarms.limits.hh", 18, 17), (error.Key, error.Line, error.Column));
        Assert.Contains("hh 5 bar is not above h 6 bar", error.Message);
        Assert.Contains("hh > h > l > ll", error.Fix);
    }

    [Fact]
    public void L_above_h_is_refused_even_with_nothing_in_between()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. KellerDevice, "          limits: { h: 3, l: 4 }"])));

        Assert.Equal("devices[0].tags[0].alarms.limits.h", error.Key);
        Assert.Contains("h 3 bar is not above l 4 bar", error.Message);
    }

    [Fact]
    public void A_limit_outside_the_instruments_range_names_the_range_from_the_profile()
    {
        IReadOnlyList<YamlError> errors = ConfigFiles.Errors(ConfigFiles.Lines([.. KellerDevice, "          limits: { hh: 12, h: 8, ll: -1 }"]));

        Assert.Equal(["devices[0].tags[0].alarms.limits.hh", "devices[0].tags[0].alarms.limits.ll"], errors.Select(e => e.Key));
        Assert.Contains("hh 12 bar is outside the instrument's range 0 to 10 bar (profile 'keller-series30')", errors[0].Message);
        Assert.Equal("set hh within 0 to 10 bar, or use an instrument with a wider range", errors[0].Fix);
    }

    [Fact]
    public void A_tag_without_a_range_in_its_profile_takes_any_limit()
    {
        string yaml = ConfigFiles.Lines(
        [
            .. MinimalConfig.Head,
            "  - name: level", "    bus: sim", "    profile: vegapuls-c21", "    unit_id: 4", "    tags:",
            "      - name: pv", "        alarms: { limits: { hh: 25, ll: -3 } }",
        ]);

        var result = ConfigFiles.Parse(yaml);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Hysteresis_that_would_keep_an_alarm_from_ever_clearing_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. KellerDevice, "          limits: { h: 8 }", "          hysteresis: 9"])));

        Assert.Equal("devices[0].tags[0].alarms.hysteresis", error.Key);
        Assert.Contains("would clear only below -1 bar", error.Message);
        Assert.Equal("use a hysteresis smaller than 8 bar", error.Fix);
    }

    [Fact]
    public void Every_alarm_setting_reaches_the_alarm_cores_config()
    {
        string yaml = ConfigFiles.Lines(
        [
            .. KellerDevice,
            "          limits: { hh: 9, h: 8, l: 2, ll: 1 }",
            "          hysteresis: 0.2", "          on_delay_s: 3", "          off_delay_s: 4.5", "          latch: true",
            "          rate: { per_minute: 1.5, window_s: 20, direction: either, hysteresis: 0.5, history: 40 }",
            "          fault_alarm: { on: [comm_failure, stale], on_delay_s: 30, off_delay_s: 5, latch: true }",
        ]);

        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        TagAlarmConfig core = Assert.Single(result.Config.Devices[0].ToTagAlarmConfigs());

        Assert.Null(core.Validate());
        Assert.Equal(("line/p1", "bar"), (core.Tag, core.Unit));
        Assert.Equal((9.0, 8.0, 2.0, 1.0), (core.HighHigh.Limit, core.High.Limit, core.Low.Limit, core.LowLow.Limit));
        Assert.All(new[] { core.HighHigh, core.High, core.Low, core.LowLow }, l => Assert.Equal((0.2, 3000L, 4500L, true), (l.Hysteresis, l.OnDelayMs, l.OffDelayMs, l.Latching)));
        Assert.Equal((1.5, 0.5, 3000L, true), (core.RateOfChange.Limit, core.RateOfChange.Hysteresis, core.RateOfChange.OnDelayMs, core.RateOfChange.Latching));
        Assert.Equal((RateDirection.Either, 20_000L, 40), (core.RateDirection, core.RateWindowMs, core.RateHistoryLength));
        Assert.Equal(FaultTriggers.CommFailure | FaultTriggers.Stale, core.FaultTriggers);
        Assert.Equal((30_000L, 5000L, true), (core.SensorFault.OnDelayMs, core.SensorFault.OffDelayMs, core.SensorFault.Latching));
    }

    [Fact]
    public void Fault_alarm_is_on_by_default_and_off_with_false()
    {
        AlarmConfig on = FirstTagAlarms(ConfigFiles.Lines([.. KellerDevice, "          limits: { h: 8 }"]));
        AlarmConfig off = FirstTagAlarms(ConfigFiles.Lines([.. KellerDevice, "          limits: { h: 8 }", "          fault_alarm: false"]));

        Assert.Equal(new FaultAlarm(FaultTriggers.NoMeasurement, TimeSpan.FromSeconds(10), TimeSpan.Zero, false), on.Fault);
        Assert.Null(off.Fault);
        Assert.Equal([AlarmKind.High], off.Kinds.ToArray());
    }

    [Fact]
    public void An_unknown_fault_quality_is_named_with_the_known_ones()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. KellerDevice, "          fault_alarm: { on: [comm_failur] }"])));

        Assert.Equal("devices[0].tags[0].alarms.fault_alarm.on[0]", error.Key);
        Assert.Contains("did you mean 'comm_failure'?", error.Fix);
    }

    [Theory]
    [InlineData("          rate: { per_minute: 1, window_s: 3 }", "devices[0].tags[0].alarms.rate.window_s", "set window_s to at least 4 s")]
    [InlineData("          rate: { per_minute: 1, hysteresis: 1 }", "devices[0].tags[0].alarms.rate.hysteresis", "use a rate hysteresis below 1 bar/min")]
    [InlineData("          rate: { per_minute: 1, direction: down }", "devices[0].tags[0].alarms.rate.direction", "use falling, rising or either")]
    public void A_rate_alarm_that_could_not_work_is_refused(string line, string key, string fix)
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, line]).Replace("    unit_id: 5\n", "    unit_id: 5\n    poll_interval_s: 2\n");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(key, error.Key);
        Assert.StartsWith(fix, error.Fix);
    }

    [Fact]
    public void Alarms_that_watch_nothing_are_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. KellerDevice, "          fault_alarm: false"])));

        Assert.Equal("devices[0].tags[0].alarms", error.Key);
        Assert.Contains("watches nothing", error.Message);
    }

    [Fact]
    public void Alarms_on_a_status_tag_are_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("      - name: status", "        alarms: { limits: { h: 1 } }")));

        Assert.Equal(("devices[0].tags[1].alarms", 19), (error.Key, error.Line));
        Assert.Contains("is a status tag", error.Message);
    }

    [Fact]
    public void Misspelt_alarm_key_is_rejected_with_the_right_name()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("          hysterisis: 1")));

        Assert.Equal("devices[0].tags[0].alarms.hysterisis", error.Key);
        Assert.Equal("did you mean 'hysteresis'?", error.Fix);
    }

    private static AlarmConfig FirstTagAlarms(string yaml)
    {
        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config.Devices[0].Tags[0].Alarms!;
    }
}
