using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>Alarm limits, their order and range, hysteresis, delays, rate-of-change and the GB/T 50493 gas defaults.</summary>
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
    ];

    [Fact]
    public void Combustible_gas_without_limits_gets_25_and_50_percent_lel()
    {
        AlarmConfig alarms = GasAlarms(MinimalConfig.Text());

        Assert.Equal(25, alarms.High);
        Assert.Equal(50, alarms.HighHigh);
        Assert.Null(alarms.Low);
        Assert.Equal([AlarmLevel.HighHigh, AlarmLevel.High], alarms.FromStandard.ToArray());
        Assert.True(alarms.FaultAlarm);
    }

    [Fact]
    public void A_stricter_site_limit_is_kept_and_the_other_comes_from_the_standard()
    {
        AlarmConfig alarms = GasAlarms(MinimalConfig.Text("        alarms: { h: 20 }"));

        Assert.Equal(20, alarms.High);
        Assert.Equal(50, alarms.HighHigh);
        Assert.Equal([AlarmLevel.HighHigh], alarms.FromStandard.ToArray());
    }

    [Fact]
    public void A_combustible_limit_laxer_than_the_standard_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("        alarms: { hh: 60 }")));

        Assert.Equal(("devices[0].tags[0].alarms.hh", 17), (error.Key, error.Line));
        Assert.Contains("hh 60 %LEL is less strict than GB/T 50493-2019 clause 5.5.2", error.Message);
        Assert.Contains("no more than 50 %LEL", error.Message);
        Assert.StartsWith("set hh to 50 %LEL or lower", error.Fix);
    }

    [Fact]
    public void Oxygen_defaults_to_23_5_enrichment_and_19_5_deficiency_and_refuses_a_lower_deficiency_limit()
    {
        string oxygen = MinimalConfig.Text().Replace("gas: combustible", "gas: oxygen");

        AlarmConfig alarms = GasAlarms(oxygen);
        YamlError error = Assert.Single(ConfigFiles.Errors(oxygen.TrimEnd('\n') + "\n        alarms: { l: 19 }\n"));

        Assert.Equal((23.5, 19.5), (alarms.High, alarms.Low));
        Assert.Null(alarms.HighHigh);
        Assert.Equal("devices[0].tags[0].alarms.l", error.Key);
        Assert.Contains("no less than 19.5 %VOL", error.Message);
    }

    [Fact]
    public void Toxic_gas_has_no_default_and_needs_h_and_hh()
    {
        string toxic = MinimalConfig.Text().Replace("gas: combustible", "gas: toxic");

        YamlError error = Assert.Single(ConfigFiles.Errors(toxic));
        AlarmConfig alarms = GasAlarms(toxic.TrimEnd('\n') + "\n        alarms: { h: 10, hh: 20 }\n");

        Assert.Equal(("devices[0].tags[0].gas", 16), (error.Key, error.Line));
        Assert.Contains("occupational exposure limit", error.Message);
        Assert.Contains("h: 10, hh: 20", error.Fix);
        Assert.Equal((10, 20), (alarms.High, alarms.HighHigh));
        Assert.Empty(alarms.FromStandard);
    }

    [Fact]
    public void Combustible_on_a_tag_that_cannot_read_percent_lel_is_refused()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        gas: combustible"]);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].gas", error.Key);
        Assert.Contains("has unit bar in profile 'keller-series30'", error.Message);
        Assert.Contains("%LEL", error.Message);
    }

    [Fact]
    public void Hh_below_h_is_refused_at_hh()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        alarms:", "          hh: 5", "          h: 6"]);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].tags[0].alarms.hh", 17, 15), (error.Key, error.Line, error.Column));
        Assert.Contains("hh 5 bar is not above h 6 bar", error.Message);
        Assert.Contains("hh > h > l > ll", error.Fix);
    }

    [Fact]
    public void L_above_h_is_refused_even_with_nothing_in_between()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        alarms: { h: 3, l: 4 }"]);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].alarms.h", error.Key);
        Assert.Contains("h 3 bar is not above l 4 bar", error.Message);
    }

    [Fact]
    public void A_limit_outside_the_instruments_range_names_the_range_from_the_profile()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        alarms: { hh: 12, h: 8, ll: -1 }"]);

        IReadOnlyList<YamlError> errors = ConfigFiles.Errors(yaml);

        Assert.Equal(["devices[0].tags[0].alarms.hh", "devices[0].tags[0].alarms.ll"], errors.Select(e => e.Key));
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
            "      - name: pv", "        alarms: { hh: 25, ll: -3 }",
        ]);

        var result = ConfigFiles.Parse(yaml);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Hysteresis_that_would_keep_an_alarm_from_ever_clearing_is_refused()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        alarms: { h: 8, hysteresis: 9 }"]);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].alarms.hysteresis", error.Key);
        Assert.Contains("would clear only below -1 bar", error.Message);
        Assert.Equal("use a hysteresis smaller than 8 bar", error.Fix);
    }

    [Fact]
    public void Every_alarm_setting_is_read_into_the_model()
    {
        string yaml = ConfigFiles.Lines(
        [
            .. KellerDevice,
            "        alarms:",
            "          hh: 9", "          h: 8", "          l: 2", "          ll: 1",
            "          hysteresis: 0.2", "          on_delay_s: 3", "          off_delay_s: 4.5", "          latch: true",
            "          rate: { per_minute: 1.5, window_s: 20 }", "          fault_alarm: false",
        ]);

        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        AlarmConfig alarms = result.Config.Devices[0].Tags[0].Alarms!;

        Assert.Equal((9.0, 8.0, 2.0, 1.0), (alarms.HighHigh!.Value, alarms.High!.Value, alarms.Low!.Value, alarms.LowLow!.Value));
        Assert.Equal(0.2, alarms.Hysteresis);
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4.5)), (alarms.OnDelay, alarms.OffDelay));
        Assert.True(alarms.Latch);
        Assert.Equal(new RateOfChange(1.5, TimeSpan.FromSeconds(20)), alarms.Rate);
        Assert.False(alarms.FaultAlarm);
        Assert.Equal([AlarmLevel.HighHigh, AlarmLevel.High, AlarmLevel.Low, AlarmLevel.LowLow, AlarmLevel.Rate], alarms.Levels.ToArray());
    }

    [Fact]
    public void A_rate_window_shorter_than_two_polls_is_refused()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        alarms: { rate: { per_minute: 1, window_s: 3 } }"]).Replace("    unit_id: 5\n", "    unit_id: 5\n    poll_interval_s: 2\n");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].alarms.rate.window_s", error.Key);
        Assert.Equal("set window_s to at least 4 s", error.Fix);
    }

    [Fact]
    public void Alarms_that_watch_nothing_are_refused()
    {
        string yaml = ConfigFiles.Lines([.. KellerDevice, "        alarms: { fault_alarm: false }"]);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].alarms", error.Key);
        Assert.Contains("watches nothing", error.Message);
    }

    [Fact]
    public void Alarms_on_a_status_tag_are_refused()
    {
        string yaml = MinimalConfig.Text("      - name: status", "        alarms: { h: 1 }");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].tags[1].alarms", 18), (error.Key, error.Line));
        Assert.Contains("is a status tag", error.Message);
    }

    [Fact]
    public void Misspelt_alarm_key_is_rejected_with_the_right_name()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("        alarms: { hysterisis: 1 }")));

        Assert.Equal("devices[0].tags[0].alarms.hysterisis", error.Key);
        Assert.Equal("did you mean 'hysteresis'?", error.Fix);
    }

    private static AlarmConfig GasAlarms(string yaml)
    {
        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config.Devices[0].Tags[0].Alarms!;
    }
}
