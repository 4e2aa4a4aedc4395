using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>Local outputs: pins, levels, drivers and the alarms that switch them, which must exist.</summary>
public class OutputConfigTests
{
    [Fact]
    public void An_output_reads_its_pin_level_driver_and_alarms()
    {
        var result = ConfigFiles.Parse(MinimalConfig.Text(
            "outputs:", "  - name: horn", "    gpio_pin: 17", "    active_level: low", "    driver: simulated", "    alarms: [lel.concentration.hh, lel.concentration]"));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

        OutputConfig output = Assert.Single(result.Config.Outputs);
        Assert.Equal((17, ActiveLevel.Low, OutputDriver.Simulated), (output.GpioPin, output.ActiveLevel, output.Driver));
        Assert.Equal([new AlarmRef("lel", "concentration", AlarmLevel.HighHigh), new AlarmRef("lel", "concentration", null)], output.Alarms.ToArray());
        Assert.True(output.Alarms[1].Matches("lel", "concentration", AlarmLevel.Fault));
        Assert.False(output.Alarms[0].Matches("lel", "concentration", AlarmLevel.High));
    }

    [Fact]
    public void An_alarm_the_tag_does_not_have_is_refused_with_the_ones_it_has()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("outputs:", "  - name: horn", "    gpio_pin: 17", "    alarms:", "      - lel.concentration.ll")));

        Assert.Equal(("outputs[0].alarms[0]", 21, 9), (error.Key, error.Line, error.Column));
        Assert.Contains("has no ll alarm", error.Message);
        Assert.EndsWith("use one it has: hh, h, fault", error.Fix);
    }

    [Theory]
    [InlineData("lol.concentration.hh", "names device 'lol', which is not defined", "did you mean 'lel'?")]
    [InlineData("lel.concentraton.hh", "publishes no tag 'concentraton'", "did you mean 'concentration'?")]
    [InlineData("lel.concentration.hhh", "'hhh' is not an alarm level", "did you mean 'hh'?")]
    [InlineData("lel", "is not device.tag or device.tag.level", "t101-lel.concentration.hh")]
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

        Assert.Equal(("outputs[1].gpio_pin", 22), (error.Key, error.Line));
        Assert.Contains("GPIO 17 is already output 'horn' (line 19)", error.Message);
    }

    [Fact]
    public void A_pin_off_the_header_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("outputs:", "  - name: horn", "    gpio_pin: 28", "    alarms: [lel.concentration]")));

        Assert.Equal("outputs[0].gpio_pin", error.Key);
        Assert.Equal("use 0 to 27", error.Fix);
    }
}
