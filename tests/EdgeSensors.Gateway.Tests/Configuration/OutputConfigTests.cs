using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>Local outputs: pins, levels, modes, drivers and the alarms that switch them, which must exist.</summary>
public class OutputConfigTests
{
    [Fact]
    public void An_output_reads_its_pin_level_mode_driver_and_alarms()
    {
        var result = ConfigFiles.Parse(MinimalConfig.Text(
            "outputs:", "  - name: horn", "    gpio_pin: 17", "    active_level: low", "    mode: until_acknowledged", "    driver: simulated",
            "    alarms: [lel.concentration.hh, lel.concentration, \"*\", \"*.fault\"]"));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

        OutputConfig output = Assert.Single(result.Config.Outputs);
        Assert.Equal((17, ActiveLevel.Low, OutputMode.UntilAcknowledged, OutputDriver.Simulated), (output.GpioPin, output.ActiveLevel, output.Mode, output.Driver));
        Assert.Equal(
            [new AlarmRef("lel", "concentration", AlarmKind.HighHigh), new AlarmRef("lel", "concentration", null), new AlarmRef(null, null, null), new AlarmRef(null, null, AlarmKind.SensorFault)],
            output.Alarms.ToArray());
        Assert.Equal(["lel/concentration", "lel/concentration", OutputBinding.AnyTag, OutputBinding.AnyTag], output.Alarms.Select(a => a.AlarmTag));
        Assert.Equal([AlarmKinds.HighHigh, AlarmKinds.All, AlarmKinds.All, AlarmKinds.SensorFault], output.Alarms.Select(a => a.Kinds));
        Assert.Equal(["lel.concentration.hh", "lel.concentration", "*", "*.fault"], output.Alarms.Select(a => a.ToString()));
    }

    [Fact]
    public void An_alarm_the_tag_does_not_have_is_refused_with_the_ones_it_has()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("outputs:", "  - name: horn", "    gpio_pin: 17", "    alarms:", "      - lel.concentration.ll")));

        Assert.Equal(("outputs[0].alarms[0]", 22, 9), (error.Key, error.Line, error.Column));
        Assert.Contains("has no ll alarm", error.Message);
        Assert.Equal("set alarms.limits.ll on that tag, or use one it has: hh, h, fault", error.Fix);
    }

    [Theory]
    [InlineData("lol.concentration.hh", "names device 'lol', which is not defined", "did you mean 'lel'?")]
    [InlineData("lel.concentraton.hh", "publishes no tag 'concentraton'", "did you mean 'concentration'?")]
    [InlineData("lel.concentration.hhh", "'hhh' is not an alarm level", "did you mean 'hh'?")]
    [InlineData("\"*.hhh\"", "'hhh' is not an alarm level", "did you mean 'hh'?")]
    [InlineData("lel", "is not device.tag, device.tag.level, * or *.level", "t101-lel.concentration.hh")]
    public void A_bad_alarm_reference_says_what_is_wrong_with_it(string reference, string message, string fix)
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("outputs:", "  - name: horn", "    gpio_pin: 17", "    alarms: [" + reference + "]")));

        Assert.Equal("outputs[0].alarms[0]", error.Key);
        Assert.Contains(message, error.Message);
        Assert.Contains(fix, error.Fix);
    }

    [Fact]
    public void Two_outputs_on_one_pin_are_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text(
            "outputs:", "  - name: horn", "    gpio_pin: 17", "    alarms: [lel.concentration]",
            "  - name: beacon", "    gpio_pin: 17", "    alarms: [lel.concentration]")));

        Assert.Equal(("outputs[1].gpio_pin", 23), (error.Key, error.Line));
        Assert.Contains("GPIO 17 is already output 'horn' (line 20)", error.Message);
    }

    [Fact]
    public void A_pin_off_the_header_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("outputs:", "  - name: horn", "    gpio_pin: 28", "    alarms: [lel.concentration]")));

        Assert.Equal("outputs[0].gpio_pin", error.Key);
        Assert.Equal("use 0 to 27", error.Fix);
    }
}
