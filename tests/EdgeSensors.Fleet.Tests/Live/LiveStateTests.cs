using EdgeSensors.Fleet.Live.Ingest;
using EdgeSensors.Fleet.Live.Storage;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>How one update changes a stored row: the newest seq wins (also past 2^53), alarms follow the evaluator's states.</summary>
public sealed class LiveStateTests
{
    private static readonly DateTime T0 = new(2026, 11, 29, 5, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(9007199254740992UL, 9007199254740993UL)] // 2^53 and the next integer: equal as float64, distinct here
    [InlineData(9UL, 10UL)] // one more digit
    [InlineData(18446744073709551614UL, 18446744073709551615UL)] // the top of uint64
    public void A_higher_seq_replaces_a_reading_and_a_lower_or_equal_one_does_not(ulong lower, ulong higher)
    {
        var row = new LiveReadingRow();
        Assert.True(LiveState.Apply(row, Reading(2.0, higher), T0));
        Assert.False(LiveState.Apply(row, Reading(1.0, lower), T0));
        Assert.False(LiveState.Apply(row, Reading(3.0, higher), T0));
        Assert.Equal(2.0, row.Value);
        Assert.Equal(higher.ToString(System.Globalization.CultureInfo.InvariantCulture), LiveState.SeqText(row.Seq));
    }

    [Fact]
    public void A_latched_alarm_stays_active_after_it_returns_until_acknowledged_and_cleared()
    {
        var row = new LiveAlarmRow();
        Assert.True(LiveState.Apply(row, Alarm("raised", 1), T0));
        Assert.Equal((true, false, T0.AddSeconds(1)), (row.Active, row.Acknowledged, row.RaisedAt!.Value)); // the event's source time
        Assert.True(LiveState.Apply(row, Alarm("returned", 2), T0.AddSeconds(5)));
        Assert.Equal((true, false, "returned"), (row.Active, row.Acknowledged, row.State));
        Assert.True(LiveState.Apply(row, Alarm("acknowledged", 3), T0.AddSeconds(9)));
        Assert.Equal((true, true), (row.Active, row.Acknowledged));
        Assert.True(LiveState.Apply(row, Alarm("cleared", 4), T0.AddSeconds(9)));
        Assert.False(row.Active);
        Assert.False(LiveState.Apply(row, Alarm("raised", 2), T0.AddSeconds(1)));
        Assert.Equal(("cleared", false), (row.State, row.Active));
    }

    [Fact]
    public void Raising_again_after_an_acknowledgement_makes_it_unacknowledged()
    {
        var row = new LiveAlarmRow();
        LiveState.Apply(row, Alarm("raised", 1), T0);
        LiveState.Apply(row, Alarm("acknowledged", 2), T0);
        LiveState.Apply(row, Alarm("cleared", 3), T0);
        Assert.True(LiveState.Apply(row, Alarm("raised", 4), T0.AddMinutes(1)));
        Assert.Equal((true, false, T0.AddSeconds(4)), (row.Active, row.Acknowledged, row.RaisedAt!.Value));
    }

    private static ReadingUpdate Reading(double value, ulong seq) => new("gw-1", "tk101.level", value, "m", "good", T0, seq);

    private static AlarmUpdate Alarm(string state, ulong seq) => new("gw-1", "tk101.level", "HH", state, 10.5, 10, "m", T0.AddSeconds(seq), seq, Latched: true);
}
