using EdgeSensors.Gateway.Polling;

namespace EdgeSensors.Gateway.Tests.Polling;

public class ReportByExceptionTests
{
    private static TagSample Sample(double value, TagQuality quality = TagQuality.Good, long at = 0) =>
        new("tank", "level", value, "m", quality, at, null);

    [Fact]
    public void Absolute_deadband_publishes_only_moves_beyond_it()
    {
        var filter = new ReportByException();
        var settings = new TagPollSettings { Tag = "level", Deadband = Deadband.Absolute(0.05), Heartbeat = TimeSpan.FromHours(1) };

        bool[] published =
        [
            filter.ShouldPublish(Sample(5.00), settings, null, 0),
            filter.ShouldPublish(Sample(5.04), settings, null, 1_000),
            filter.ShouldPublish(Sample(4.96), settings, null, 2_000),
            filter.ShouldPublish(Sample(5.06), settings, null, 3_000),
            filter.ShouldPublish(Sample(5.10), settings, null, 4_000),
            filter.ShouldPublish(Sample(5.12), settings, null, 5_000),
        ];

        // 5.06 is measured against the last published 5.00, not the last sample.
        Assert.Equal([true, false, false, true, false, true], published);
    }

    [Fact]
    public void Percent_deadband_is_a_percent_of_the_instrument_span()
    {
        var filter = new ReportByException();
        var settings = new TagPollSettings { Tag = "level", Deadband = Deadband.Percent(1), Heartbeat = TimeSpan.FromHours(1) };

        filter.ShouldPublish(Sample(5.0), settings, span: 10, 0);

        Assert.False(filter.ShouldPublish(Sample(5.09), settings, span: 10, 1));
        Assert.True(filter.ShouldPublish(Sample(5.11), settings, span: 10, 2));
    }

    [Fact]
    public void Heartbeat_publishes_an_unchanged_value_once_per_period()
    {
        var filter = new ReportByException();
        var settings = new TagPollSettings { Tag = "level", Deadband = Deadband.Absolute(1), Heartbeat = TimeSpan.FromSeconds(10) };

        var published = Enumerable.Range(0, 31).Where(s => filter.ShouldPublish(Sample(5.0, at: s * 1_000L), settings, null, s * 1_000L)).ToArray();

        Assert.Equal([0, 10, 20, 30], published);
    }

    [Fact]
    public void Quality_change_is_always_published_and_no_value_to_no_value_is_not_news()
    {
        var filter = new ReportByException();
        var settings = new TagPollSettings { Tag = "level", Deadband = Deadband.Absolute(10), Heartbeat = TimeSpan.FromHours(1) };

        Assert.True(filter.ShouldPublish(Sample(5.0), settings, null, 0));
        Assert.True(filter.ShouldPublish(Sample(5.0, TagQuality.Stale), settings, null, 1));
        Assert.True(filter.ShouldPublish(Sample(double.NaN, TagQuality.CommFailure), settings, null, 2));
        Assert.False(filter.ShouldPublish(Sample(double.NaN, TagQuality.CommFailure), settings, null, 3));
        Assert.True(filter.ShouldPublish(Sample(5.0), settings, null, 4));
    }
}
