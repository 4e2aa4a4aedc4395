using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Portable.Tests.Telemetry.Support;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Portable.Tests.Telemetry.Codec;

public class TelemetryEncoderTests
{
    public static TheoryData<string, Action<TelemetryBatch>, TelemetryEncodeStatus, int> BatchProblems() => new()
    {
        { "source with a slash", b => b.Source = "gw/1", TelemetryEncodeStatus.InvalidSource, -1 },
        { "empty source", b => b.Source = string.Empty, TelemetryEncodeStatus.InvalidSource, -1 },
        { "tag with a space", b => b[1].Tag = "tk 101", TelemetryEncodeStatus.InvalidTag, 1 },
        { "tag of 65 characters", b => b[0].Tag = new string('t', 65), TelemetryEncodeStatus.InvalidTag, 0 },
        { "unit of 17 characters", b => b[2].Unit = new string('m', 17), TelemetryEncodeStatus.InvalidUnit, 2 },
        { "unit with a lone surrogate", b => b[2].Unit = "m\ud800", TelemetryEncodeStatus.InvalidUnit, 2 },
        { "quality outside the enumeration", b => b[1].Quality = (SignalQuality)99, TelemetryEncodeStatus.InvalidEnumValue, 1 },
        { "negative time", b => b[0].TimeMs = -1, TelemetryEncodeStatus.InvalidTime, 0 },
        { "time past 2^53", b => b[0].TimeMs = TelemetryContract.MaxTimeMs + 1, TelemetryEncodeStatus.InvalidTime, 0 },
        { "repeated seq", b => b[2].Seq = b[1].Seq, TelemetryEncodeStatus.SeqNotAscending, 2 },
        { "descending seq", b => b[1].Seq = 1, TelemetryEncodeStatus.SeqNotAscending, 1 },
        { "no readings", b => b.Clear(), TelemetryEncodeStatus.EmptyBatch, -1 },
    };

    [Theory]
    [MemberData(nameof(BatchProblems))]
    public void Refuses_a_batch_the_decoder_would_reject_and_writes_nothing(string name, Action<TelemetryBatch> breakIt, TelemetryEncodeStatus expected, int index)
    {
        TelemetryBatch batch = ThreeReadings();
        breakIt(batch);
        var buffer = new byte[4096];
        var encoder = new TelemetryEncoder();

        TelemetryEncodeStatus status = encoder.EncodeBatch(batch, buffer, 0, out int length);

        Assert.True(expected == status, name + ": " + status);
        Assert.Equal(index, encoder.ErrorIndex);
        Assert.Equal(0, length);
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.DoesNotContain("unknown", TelemetryText.Describe(status), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AlarmKind.HighHigh, double.NaN)]
    [InlineData(AlarmKind.RateOfChange, double.PositiveInfinity)]
    [InlineData(AlarmKind.SensorFault, 5.0)]
    public void Refuses_an_alarm_whose_limit_does_not_fit_its_kind(AlarmKind kind, double limit)
    {
        AlarmMessage alarm = GoldenMessages.Alarm("alarm-hh-raised.json");
        alarm.Kind = kind;
        alarm.Limit = limit;

        Assert.Equal(TelemetryEncodeStatus.InvalidLimit, new TelemetryEncoder().EncodeAlarm(alarm, new byte[1024], 0, out _));
    }

    [Theory]
    [InlineData((AlarmKind)9, AlarmEventType.Raised)]
    [InlineData(AlarmKind.High, (AlarmEventType)(-1))]
    public void Refuses_an_alarm_kind_or_state_outside_its_enumeration(AlarmKind kind, AlarmEventType state)
    {
        AlarmMessage alarm = GoldenMessages.Alarm("alarm-hh-raised.json");
        alarm.Kind = kind;
        alarm.State = state;

        Assert.Equal(TelemetryEncodeStatus.InvalidEnumValue, new TelemetryEncoder().EncodeAlarm(alarm, new byte[1024], 0, out _));
    }

    [Fact]
    public void Every_buffer_shorter_than_the_payload_is_too_small_and_the_exact_size_is_enough()
    {
        TelemetryBatch batch = GoldenMessages.Batch("batch-live.json");
        int needed = GoldenMessages.Payload("batch-live.json").Length;
        var encoder = new TelemetryEncoder();
        for (int size = 0; size < needed; size++)
        {
            Assert.Equal(TelemetryEncodeStatus.BufferTooSmall, encoder.EncodeBatch(batch, new byte[size], 0, out int length));
            Assert.Equal(0, length);
        }

        Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(batch, new byte[needed + 5], 5, out int written));
        Assert.Equal(needed, written);
    }

    [Fact]
    public void The_worst_case_reading_and_alarm_take_exactly_the_documented_maximum()
    {
        string name = "A" + new string(':', TelemetryContract.MaxNameLength - 1);
        string source = new('s', TelemetryContract.MaxNameLength);
        string unit = new('\u0001', TelemetryContract.MaxUnitLength);
        double longest = -1.2345678901234567e-6;
        var batch = new TelemetryBatch(3) { Source = source };
        for (int i = 0; i < 3; i++)
        {
            batch.TryAdd(name, longest, unit, SignalQuality.CommFailure, TelemetryContract.MaxTimeMs, ulong.MaxValue - 2 + (ulong)i);
        }

        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(3)];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));

        // Seqs of 20 digits, but "false" for backfill: the bound is exact up to the one byte "true" saves.
        Assert.Equal(TelemetryEncoder.MaxBatchBytes(3), length);

        var alarm = new AlarmMessage
        {
            Source = source,
            Tag = name,
            Kind = AlarmKind.SensorFault,
            State = AlarmEventType.Acknowledged,
            Value = longest,
            Limit = double.NaN,
            Unit = unit,
            TimeMs = TelemetryContract.MaxTimeMs,
            Seq = ulong.MaxValue,
        };
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, new byte[1024], 0, out int alarmLength));

        // sensor_fault writes "null" (4 bytes) where a limit alarm may write a 25-byte number.
        Assert.Equal(TelemetryEncoder.MaxAlarmBytes - 25 + 4, alarmLength);
    }

    [Fact]
    public void Encoding_allocates_nothing()
    {
        TelemetryBatch batch = GoldenMessages.Batch("batch-live.json");
        AlarmMessage alarm = GoldenMessages.Alarm("alarm-hh-raised.json");
        var encoder = new TelemetryEncoder();
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(batch.Count)];
        Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(batch, buffer, 0, out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            encoder.EncodeBatch(batch, buffer, 0, out _);
            encoder.EncodeAlarm(alarm, buffer, 0, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_good_reading_without_a_finite_value_goes_out_as_a_sensor_fault_and_invalid_as_out_of_range()
    {
        var batch = new TelemetryBatch(5) { Source = "gw" };
        batch.TryAdd("a", double.NaN, "bar", SignalQuality.Good, 0, 1);
        batch.TryAdd("b", double.PositiveInfinity, "bar", SignalQuality.Good, 0, 2);
        batch.TryAdd("c", double.NegativeInfinity, "bar", SignalQuality.Stale, 0, 3);
        batch.TryAdd("d", double.NaN, "bar", SignalQuality.CommFailure, 0, 4);
        batch.TryAdd("e", double.NaN, "bar", SignalQuality.Invalid, 0, 5);
        var buffer = new byte[2048];

        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));

        string json = Encoding.UTF8.GetString(buffer, 0, length);
        Assert.Contains("\"tag\":\"a\",\"value\":null,\"unit\":\"bar\",\"quality\":\"sensor_fault\"", json, StringComparison.Ordinal);
        Assert.Contains("\"tag\":\"b\",\"value\":null,\"unit\":\"bar\",\"quality\":\"sensor_fault\"", json, StringComparison.Ordinal);
        Assert.Contains("\"tag\":\"c\",\"value\":null,\"unit\":\"bar\",\"quality\":\"stale\"", json, StringComparison.Ordinal);
        Assert.Contains("\"tag\":\"d\",\"value\":null,\"unit\":\"bar\",\"quality\":\"comm_failure\"", json, StringComparison.Ordinal);

        // Read but not decodable: the gateway's poller reports it as out_of_range too.
        Assert.Contains("\"tag\":\"e\",\"value\":null,\"unit\":\"bar\",\"quality\":\"out_of_range\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_the_only_exceptions()
    {
        var encoder = new TelemetryEncoder();

        Assert.Throws<ArgumentNullException>(() => encoder.EncodeBatch(null!, new byte[8], 0, out _));
        Assert.Throws<ArgumentNullException>(() => encoder.EncodeBatch(ThreeReadings(), null!, 0, out _));
        Assert.Throws<ArgumentNullException>(() => encoder.EncodeAlarm(null!, new byte[8], 0, out _));
        Assert.Equal(TelemetryEncodeStatus.BufferTooSmall, encoder.EncodeBatch(ThreeReadings(), new byte[8], 9, out _));
        Assert.Equal(TelemetryEncodeStatus.BufferTooSmall, encoder.EncodeBatch(ThreeReadings(), new byte[1024], -1, out _));
    }

    [Fact]
    public void A_batch_holds_its_capacity_and_no_more()
    {
        var batch = new TelemetryBatch(2);

        Assert.True(batch.TryAdd("a", 1, "m", SignalQuality.Good, 0, 1));
        Assert.True(batch.TryAdd("b", 2, "m", SignalQuality.Good, 0, 2));
        Assert.False(batch.TryAdd("c", 3, "m", SignalQuality.Good, 0, 3));
        Assert.Equal(2, batch.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryBatch(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryBatch(TelemetryContract.MaxReadingsPerBatch + 1));
    }

    private static TelemetryBatch ThreeReadings()
    {
        var batch = new TelemetryBatch(3) { Source = "gw-1" };
        batch.TryAdd("tk101.level", 1.5, "m", SignalQuality.Good, 1767225600000, 10);
        batch.TryAdd("tk101.pressure", 2.5, "bar", SignalQuality.Good, 1767225600000, 11);
        batch.TryAdd("tk101.temperature", 20.5, "°C", SignalQuality.Good, 1767225600000, 12);
        return batch;
    }
}
