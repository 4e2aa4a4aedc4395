using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Portable.Tests.Telemetry.Wire;

public class TelemetryTopicsTests
{
    [Fact]
    public void Builds_the_default_topics()
    {
        var topics = new TelemetryTopics();

        Assert.Equal("edgesensors/gw-01/telemetry", topics.Telemetry("gw-01"));
        Assert.Equal("edgesensors/gw-01/alarms", topics.Alarms("gw-01"));
        Assert.Equal("edgesensors/gw-01/status", topics.Status("gw-01"));
        Assert.Equal("edgesensors/+/telemetry", topics.TelemetryFilter);
        Assert.Equal("edgesensors/+/alarms", topics.AlarmsFilter);
        Assert.Equal("edgesensors/+/status", topics.StatusFilter);
    }

    [Fact]
    public void Takes_a_configured_prefix_of_several_levels()
    {
        var topics = new TelemetryTopics("site-a/edgesensors");

        Assert.Equal("site-a/edgesensors/node-esp32-07/telemetry", topics.Telemetry("node-esp32-07"));
        Assert.Equal(TelemetryTopicKind.Alarms, topics.Parse("site-a/edgesensors/node-esp32-07/alarms", out string source));
        Assert.Equal("node-esp32-07", source);
    }

    [Theory]
    [InlineData("edgesensors/gw-01/telemetry", TelemetryTopicKind.Telemetry, "gw-01")]
    [InlineData("edgesensors/gw-01/alarms", TelemetryTopicKind.Alarms, "gw-01")]
    [InlineData("edgesensors/gw-01/status", TelemetryTopicKind.Status, "gw-01")]
    [InlineData("edgesensors/gw-01/telemetry/x", TelemetryTopicKind.None, "")]
    [InlineData("edgesensors/gw-01/Telemetry", TelemetryTopicKind.None, "")]
    [InlineData("edgesensors//telemetry", TelemetryTopicKind.None, "")]
    [InlineData("edgesensors/gw 01/telemetry", TelemetryTopicKind.None, "")]
    [InlineData("edgesensorsx/gw-01/telemetry", TelemetryTopicKind.None, "")]
    [InlineData("other/gw-01/telemetry", TelemetryTopicKind.None, "")]
    [InlineData("edgesensors/telemetry", TelemetryTopicKind.None, "")]
    [InlineData("edgesensors", TelemetryTopicKind.None, "")]
    [InlineData("", TelemetryTopicKind.None, "")]
    public void Recognises_only_its_own_topics(string topic, TelemetryTopicKind kind, string source)
    {
        Assert.Equal(kind, new TelemetryTopics().Parse(topic, out string parsed));
        Assert.Equal(source, parsed);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("$SYS", "starts with '$'")]
    [InlineData("/edgesensors", "empty topic level")]
    [InlineData("edgesensors/", "empty topic level")]
    [InlineData("a//b", "empty topic level")]
    [InlineData("edge+sensors", "wildcard")]
    [InlineData("edge#", "wildcard")]
    [InlineData("edge\0", "NUL")]
    public void Refuses_a_prefix_MQTT_would_not_publish_to_and_says_why(string prefix, string reason)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new TelemetryTopics(prefix));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("'" + prefix + "'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gw/01")]
    [InlineData("gw+")]
    [InlineData("-gw")]
    [InlineData("gw:01")]
    public void Refuses_a_source_id_that_is_not_a_safe_topic_level(string source)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new TelemetryTopics().Telemetry(source));

        Assert.Contains("A-Z a-z 0-9 _ . -", e.Message, StringComparison.Ordinal);
    }
}
