using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>Structure, buses and devices: each error names line:column, the key path, and says how to fix it.</summary>
public class BrokenConfigTests
{
    [Fact]
    public void The_minimal_config_is_valid()
    {
        var result = ConfigFiles.Parse(MinimalConfig.Text());

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Unknown_profile_lists_the_known_profiles_and_the_closest()
    {
        string yaml = MinimalConfig.Text().Replace("profile: pemtech-pt495", "profile: pemtech-pt49");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].profile", 12, 14), (error.Key, error.Line, error.Column));
        Assert.Contains("unknown profile 'pemtech-pt49'", error.Message);
        foreach (string id in ConfigFiles.Profiles.Select(p => p.Id))
        {
            Assert.Contains(id, error.Fix);
        }

        Assert.Contains("did you mean 'pemtech-pt495'?", error.Fix);
        Assert.StartsWith("site.yaml:12:14: devices[0].profile: ", error.ToString());
        Assert.Contains(". fix: ", error.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("248")]
    public void Unit_id_outside_1_to_247_is_refused(string unit)
    {
        string yaml = MinimalConfig.Text().Replace("unit_id: 1", "unit_id: " + unit);

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].unit_id", 13), (error.Key, error.Line));
        Assert.Equal("use 1 to 247", error.Fix);
    }

    [Theory]
    [InlineData("0.019", false)]
    [InlineData("0.02", true)]
    [InlineData("60", true)]
    [InlineData("86401", false)]
    public void Poll_interval_is_accepted_from_20_ms_up_to_one_day(string seconds, bool valid)
    {
        string yaml = MinimalConfig.Text().Replace("    unit_id: 1\n", "    unit_id: 1\n    poll_interval_s: " + seconds + "\n");

        if (valid)
        {
            var result = ConfigFiles.Parse(yaml);
            Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
            Assert.Equal(TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)), result.Config!.Devices[0].PollInterval);
        }
        else
        {
            YamlError error = Assert.Single(ConfigFiles.Errors(yaml));
            Assert.Equal(("devices[0].poll_interval_s", 14), (error.Key, error.Line));
        }
    }

    [Fact]
    public void Duplicate_device_names_point_at_the_first_use()
    {
        string yaml = MinimalConfig.Text("  - name: lel", "    bus: sim", "    profile: keller-series30", "    unit_id: 2");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[1].name", 18), (error.Key, error.Line));
        Assert.Contains("device name 'lel' is already used on line 10", error.Message);
        Assert.Equal("give each device its own name", error.Fix);
    }

    [Fact]
    public void Two_devices_on_one_unit_of_one_bus_are_refused_but_another_bus_may_reuse_the_unit()
    {
        string sameBus = MinimalConfig.Text("  - name: p1", "    bus: sim", "    profile: keller-series30", "    unit_id: 1");
        string otherBus = ConfigFiles.Lines(
        [
            .. MinimalConfig.WithGasDetector,
            "  - name: p1", "    bus: line2", "    profile: keller-series30", "    unit_id: 1",
        ]).Replace("devices:\n", "  - name: line2\n    type: serial\n    device: /dev/ttyUSB0\ndevices:\n");

        YamlError error = Assert.Single(ConfigFiles.Errors(sameBus));
        var other = ConfigFiles.Parse(otherBus);

        Assert.Equal(("devices[1].unit_id", 21), (error.Key, error.Line));
        Assert.Contains("unit 1 on bus 'sim' is already device 'lel' (line 13)", error.Message);
        Assert.True(other.IsValid, string.Join(Environment.NewLine, other.Errors));
    }

    [Fact]
    public void Bus_referenced_but_not_defined_suggests_the_defined_one()
    {
        string yaml = MinimalConfig.Text().Replace("bus: sim", "bus: sym");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].bus", 11, 10), (error.Key, error.Line, error.Column));
        Assert.Contains("bus 'sym', which is not defined", error.Message);
        Assert.Contains("did you mean 'sim'?", error.Fix);
    }

    [Fact]
    public void Unknown_key_is_rejected_with_a_suggestion()
    {
        string yaml = MinimalConfig.Text("    poll_intervall_s: 2");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("devices[0].poll_intervall_s", 18, 5), (error.Key, error.Line, error.Column));
        Assert.Equal("unknown key 'poll_intervall_s'", error.Message);
        Assert.Equal("did you mean 'poll_interval_s'?", error.Fix);
    }

    [Fact]
    public void Unknown_profile_tag_lists_the_profiles_tags()
    {
        string yaml = MinimalConfig.Text().Replace("- name: concentration", "- name: concentraton");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].name", error.Key);
        Assert.Contains("profile 'pemtech-pt495' has no tag 'concentraton'", error.Message);
        Assert.Contains("did you mean 'concentration'?", error.Fix);
        Assert.Contains("alarm1_setpoint", error.Fix);
    }

    [Fact]
    public void A_key_of_another_bus_type_is_refused()
    {
        string yaml = MinimalConfig.Text().Replace("    port: 5020\n", "    port: 5020\n    parity: even\n");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(("buses[0].parity", 9), (error.Key, error.Line));
        Assert.Contains("does not apply to type: tcp", error.Message);
    }

    [Fact]
    public void A_host_with_a_port_in_it_is_split_for_you()
    {
        string yaml = MinimalConfig.Text().Replace("    host: 127.0.0.1\n    port: 5020\n", "    host: plc-1.site.local:5020\n");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("buses[0].host", error.Key);
        Assert.Equal("split it: host: plc-1.site.local and port: 5020", error.Fix);
    }

    [Fact]
    public void A_serial_bus_needs_its_device_and_a_standard_baud()
    {
        string yaml = MinimalConfig.Text().Replace("    type: tcp\n    host: 127.0.0.1\n    port: 5020\n", "    type: serial\n    baud: 9601\n");

        IReadOnlyList<YamlError> errors = ConfigFiles.Errors(yaml);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Key == "buses[0].device" && e.Message == "missing required key 'device'");
        Assert.Contains(errors, e => e.Key == "buses[0].baud" && e.Line == 7 && e.Fix!.Contains("9600"));
    }

    [Fact]
    public void Missing_sections_are_all_reported_at_once()
    {
        IReadOnlyList<YamlError> errors = ConfigFiles.Errors("storage:\n  max_age_days: 30\n");

        Assert.Equal(["buses", "devices", "gateway"], errors.Select(e => e.Key).Order());
        Assert.All(errors, e => Assert.StartsWith("add '", e.Fix));
    }

    [Fact]
    public void Every_error_in_a_badly_broken_file_is_reported_in_line_order_with_position_key_and_fix()
    {
        string yaml = ConfigFiles.Lines(
            "gateway:",
            "  id: gw 1",                         // 2: name with a space
            "  site: Test",
            "buses:",
            "  - name: sim",
            "    type: tcp",
            "    host: 127.0.0.1",
            "    retries: 11",                    // 8: out of range
            "devices:",
            "  - name: a",
            "    bus: sim",
            "    profile: keller-series30",
            "    unit_id: 1",
            "    tags:",
            "      - name: p1",
            "        alarms: { limits: { hh: 12, h: 8 } }", // 16: hh above the 10 bar range
            "  - name: b",
            "    bus: sim",
            "    profile: keller-series30",
            "    unit_id: 1",                    // 20: unit taken
            "outputs:",
            "  - name: horn",
            "    gpio_pin: 4",
            "    alarms: [a.p1.l]",              // 24: no l alarm
            "storage:",
            "  max_age_days: 7");                // 26: shorter than the 30-day rule

        IReadOnlyList<YamlError> errors = ConfigFiles.Errors(yaml);

        Assert.Equal([2, 8, 16, 20, 24, 26], errors.Select(e => e.Line));
        Assert.All(errors, e =>
        {
            Assert.True(e.Column > 0, e.ToString());
            Assert.False(string.IsNullOrEmpty(e.Key), e.ToString());
            Assert.False(string.IsNullOrWhiteSpace(e.Fix), e.ToString());
        });
    }

    [Fact]
    public void Bad_yaml_reports_the_parsers_position()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors("gateway:\n  id: [gw\n  site: x\n"));

        Assert.True(error.Line >= 2, error.ToString());
        Assert.Contains("not valid YAML", error.Message);
        Assert.NotNull(error.Fix);
    }

    [Fact]
    public void A_key_written_twice_is_a_yaml_error_with_its_line()
    {
        string yaml = MinimalConfig.Text("    unit_id: 2");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal(18, error.Line);
        Assert.Contains("Duplicate key", error.Message);
        Assert.Contains("remove or rename", error.Fix);
    }
}
