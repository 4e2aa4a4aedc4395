using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>Which tags are published, their deadband and heartbeat.</summary>
public class PublishedTagTests
{
    private static readonly string[] Keller =
    [
        .. MinimalConfig.Head,
        "  - name: line", "    bus: sim", "    profile: keller-series30", "    unit_id: 5", "    tags:", "      - name: p1",
    ];

    [Fact]
    public void Without_tags_every_measurement_and_status_tag_is_published_without_alarms()
    {
        var result = ConfigFiles.Parse(ConfigFiles.Lines([.. MinimalConfig.Head, "  - name: lel", "    bus: sim", "    profile: sierra-monitor-5100", "    unit_id: 3"]));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        DeviceConfig device = result.Config.Devices[0];

        string[] expected = [.. device.Profile.Tags.Where(t => t.Kind is TagKind.Measurement or TagKind.Status).Select(t => t.Name)];
        Assert.Equal(expected, device.Tags.Select(t => t.Name));
        Assert.Contains("trouble_1", expected);
        Assert.DoesNotContain("alarm_setpoint", expected);
        Assert.All(device.Tags, t => Assert.Null(t.Alarms));
    }

    [Fact]
    public void A_deadband_reaches_the_pollers_settings()
    {
        TagConfig percent = Tag(ConfigFiles.Lines([.. Keller, "        deadband: { percent: 0.5 }"]));
        TagConfig absolute = Tag(ConfigFiles.Lines([.. Keller, "        deadband: { absolute: 0.05 }"]));

        Assert.Equal(Deadband.Percent(0.5), percent.Deadband);
        Assert.Equal(Deadband.Absolute(0.05), absolute.Deadband);
        Assert.Equal(new TagPollSettings { Tag = "p1", Deadband = Deadband.Percent(0.5), Heartbeat = TimeSpan.FromSeconds(60) }, percent.ToPollSettings());

        // 0.5 % of the profile's 0-10 bar range is 0.05 bar.
        Assert.False(percent.Deadband.Exceeded(5.0, 5.04, 10));
        Assert.True(percent.Deadband.Exceeded(5.0, 5.06, 10));
    }

    [Fact]
    public void A_percent_deadband_on_a_tag_without_a_range_is_accepted_as_the_poller_handles_it()
    {
        string yaml = ConfigFiles.Lines([.. MinimalConfig.Head, "  - name: level", "    bus: sim", "    profile: vegapuls-c21", "    unit_id: 4", "    tags:", "      - name: pv", "        deadband: { percent: 1 }"]);

        Assert.Equal(Deadband.Percent(1), Tag(yaml).Deadband);
    }

    [Fact]
    public void A_deadband_is_absolute_or_percent_not_both()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. Keller, "        deadband: { absolute: 0.1, percent: 1 }"])));

        Assert.Equal("devices[0].tags[0].deadband", error.Key);
        Assert.Contains("either absolute or percent", error.Message);
    }

    [Fact]
    public void A_heartbeat_shorter_than_the_poll_interval_is_refused()
    {
        string yaml = ConfigFiles.Lines([.. Keller, "        heartbeat_s: 5"]).Replace("    unit_id: 5\n", "    unit_id: 5\n    poll_interval_s: 10\n");

        YamlError error = Assert.Single(ConfigFiles.Errors(yaml));

        Assert.Equal("devices[0].tags[0].heartbeat_s", error.Key);
        Assert.Equal("set heartbeat_s to 10 s or more", error.Fix);
    }

    [Fact]
    public void The_same_tag_twice_on_one_device_is_refused()
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(ConfigFiles.Lines([.. Keller, "      - name: p1"])));

        Assert.Equal(("devices[0].tags[1].name", 16), (error.Key, error.Line));
        Assert.Contains("already used on line 15", error.Message);
    }

    [Fact]
    public void Device_settings_reach_the_model_and_the_block_planner()
    {
        string yaml = ConfigFiles.Lines([.. Keller, "        heartbeat_s: 120"]).Replace("    unit_id: 5\n", "    unit_id: 5\n    poll_interval_s: 0.5\n    max_gap_registers: 12\n");

        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        DeviceConfig device = result.Config.Devices[0];

        Assert.Equal(TimeSpan.FromMilliseconds(500), device.PollInterval);
        Assert.Equal(12, device.PlanOptions.MaxGap);
        Assert.Equal(TimeSpan.FromSeconds(120), device.Tags[0].Heartbeat);
        Assert.Same(device.Profile.GetTag("p1"), device.Tags[0].Definition);
        DevicePollSettings poll = device.ToPollSettings();
        Assert.Equal(("line", (byte)5, TimeSpan.FromMilliseconds(500), 12), (poll.Name, poll.Unit, poll.Interval, poll.GapBudget));
        Assert.Same(device.Profile, poll.Profile);
        Assert.Equal(["p1"], poll.Tags.Select(t => t.Tag));
        Assert.Equal(TimeSpan.FromSeconds(120), poll.Tags[0].Heartbeat);
    }

    private static TagConfig Tag(string yaml)
    {
        ConfigResult result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config.Devices[0].Tags[0];
    }
}
