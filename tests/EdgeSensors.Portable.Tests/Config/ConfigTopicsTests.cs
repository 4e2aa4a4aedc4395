using EdgeSensors.Config.Wire;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Portable.Tests.Config;

public class ConfigTopicsTests
{
    [Fact]
    public void BuildsTheAgreedTopicsAndFilters()
    {
        var topics = new ConfigTopics("site-a/edgesensors");
        Assert.Equal("site-a/edgesensors/node-esp32-07/config", topics.Desired("node-esp32-07"));
        Assert.Equal("site-a/edgesensors/node-esp32-07/config/reported", topics.Reported("node-esp32-07"));
        Assert.Equal("site-a/edgesensors/+/config", topics.DesiredFilter);
        Assert.Equal("site-a/edgesensors/+/config/reported", topics.ReportedFilter);
        Assert.Equal("edgesensors", new ConfigTopics(new TelemetryTopics()).Prefix);
    }

    [Theory]
    [InlineData("edgesensors/gw-01/config", ConfigTopicKind.Desired, "gw-01")]
    [InlineData("edgesensors/gw-01/config/reported", ConfigTopicKind.Reported, "gw-01")]
    [InlineData("edgesensors/gw-01/config/", ConfigTopicKind.None, "")]
    [InlineData("edgesensors/gw-01/config/reportedx", ConfigTopicKind.None, "")]
    [InlineData("edgesensors/gw-01/configx", ConfigTopicKind.None, "")]
    [InlineData("edgesensors/gw-01/telemetry", ConfigTopicKind.None, "")]
    [InlineData("edgesensors/+/config", ConfigTopicKind.None, "")]
    [InlineData("edgesensors//config", ConfigTopicKind.None, "")]
    [InlineData("edgesensorsx/gw-01/config", ConfigTopicKind.None, "")]
    [InlineData("other/gw-01/config", ConfigTopicKind.None, "")]
    [InlineData("edgesensors", ConfigTopicKind.None, "")]
    public void Parse(string topic, ConfigTopicKind kind, string id)
    {
        Assert.Equal(kind, new ConfigTopics(TelemetryTopics.DefaultPrefix).Parse(topic, out string deviceId));
        Assert.Equal(id, deviceId);
    }

    [Fact]
    public void BuiltTopics_ParseBack()
    {
        var topics = new ConfigTopics("a/b");
        Assert.Equal(ConfigTopicKind.Desired, topics.Parse(topics.Desired("n.1"), out string desiredId));
        Assert.Equal(ConfigTopicKind.Reported, topics.Parse(topics.Reported("n.1"), out string reportedId));
        Assert.Equal("n.1", desiredId);
        Assert.Equal("n.1", reportedId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("-dash")]
    [InlineData("plus+")]
    public void InvalidDeviceId_IsRefusedWithTheRule(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => new ConfigTopics("edgesensors").Desired(id));
        Assert.Contains("device id '" + id + "' is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidPrefix_IsRefusedByTheTelemetryRules()
    {
        Assert.Throws<ArgumentException>(() => new ConfigTopics("$SYS"));
        Assert.Throws<ArgumentException>(() => new ConfigTopics("a/+"));
    }
}
