using System.Globalization;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Portable.Tests.Telemetry.Support;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Telemetry.Codec;

/// <summary>
/// Any message the contract allows survives encode then decode, and System.Text.Json (an independent reader)
/// sees the same members, values and order in the bytes.
/// </summary>
public class TelemetryRoundTripProperties
{
    private static readonly string[] ReadingOrder = ["tag", "value", "unit", "quality", "time_ms", "seq"];
    private static readonly string[] AlarmOrder = ["schema", "source", "backfill", "tag", "kind", "state", "value", "limit", "unit", "time_ms", "seq", "latched"];

    [Property(MaxTest = 3000)]
    public Property A_batch_decodes_to_what_was_encoded()
    {
        var encoder = new TelemetryEncoder();
        var decoder = new TelemetryDecoder();
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(12)];
        return Prop.ForAll(TelemetryGenerators.Batch().ToArbitrary(), batch =>
        {
            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(batch, buffer, 0, out int length));
            var decoded = new TelemetryBatch(batch.Count);
            Assert.True(decoder.DecodeBatch(buffer, 0, length, decoded) == TelemetryDecodeStatus.Ok, decoder.ErrorMessage);
            TelemetryAssert.Equal(AsSent(batch), decoded);
        });
    }

    [Property(MaxTest = 3000)]
    public Property A_batch_reads_the_same_with_System_Text_Json()
    {
        var encoder = new TelemetryEncoder();
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(12)];
        return Prop.ForAll(TelemetryGenerators.Batch().ToArbitrary(), batch =>
        {
            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(batch, buffer, 0, out int length));
            Assert.True(length <= TelemetryEncoder.MaxBatchBytes(batch.Count));
            using JsonDocument json = JsonDocument.Parse(buffer.AsMemory(0, length));
            JsonElement root = json.RootElement;
            Assert.Equal(["schema", "source", "backfill", "readings"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(1, root.GetProperty("schema").GetInt32());
            Assert.Equal(batch.Source, root.GetProperty("source").GetString());
            Assert.Equal(batch.Backfill, root.GetProperty("backfill").GetBoolean());
            JsonElement[] readings = root.GetProperty("readings").EnumerateArray().ToArray();
            Assert.Equal(batch.Count, readings.Length);
            for (int i = 0; i < batch.Count; i++)
            {
                TelemetryReading sent = AsSent(batch)[i];
                JsonElement read = readings[i];
                Assert.Equal(ReadingOrder, read.EnumerateObject().Select(p => p.Name));
                Assert.Equal(sent.Tag, read.GetProperty("tag").GetString());
                AssertNumber(sent.Value, read.GetProperty("value"));
                Assert.Equal(sent.Unit, read.GetProperty("unit").GetString());
                Assert.Equal(WireNames.Of(sent.Quality), read.GetProperty("quality").GetString());
                Assert.Equal(sent.TimeMs, read.GetProperty("time_ms").GetInt64());
                Assert.Equal(sent.Seq.ToString(CultureInfo.InvariantCulture), read.GetProperty("seq").GetString());
            }
        });
    }

    [Property(MaxTest = 3000)]
    public Property An_alarm_decodes_to_what_was_encoded_and_reads_the_same_with_System_Text_Json()
    {
        var encoder = new TelemetryEncoder();
        var decoder = new TelemetryDecoder();
        var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];
        return Prop.ForAll(TelemetryGenerators.Alarm().ToArbitrary(), alarm =>
        {
            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeAlarm(alarm, buffer, 0, out int length));
            var decoded = new AlarmMessage();
            Assert.True(decoder.DecodeAlarm(buffer, 0, length, decoded) == TelemetryDecodeStatus.Ok, decoder.ErrorMessage);
            TelemetryAssert.Equal(alarm, decoded);

            using JsonDocument json = JsonDocument.Parse(buffer.AsMemory(0, length));
            JsonElement root = json.RootElement;
            Assert.Equal(AlarmOrder, root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(WireNames.Of(alarm.Kind), root.GetProperty("kind").GetString());
            Assert.Equal(WireNames.Of(alarm.State), root.GetProperty("state").GetString());
            AssertNumber(alarm.Value, root.GetProperty("value"));
            AssertNumber(alarm.Limit, root.GetProperty("limit"));
            Assert.Equal(alarm.Unit, root.GetProperty("unit").GetString());
            Assert.Equal(alarm.Seq.ToString(CultureInfo.InvariantCulture), root.GetProperty("seq").GetString());
            Assert.Equal(alarm.Latched, root.GetProperty("latched").GetBoolean());
        });
    }

    [Property(MaxTest = 1000)]
    public Property Encoding_is_canonical_encode_decode_encode_gives_the_same_bytes()
    {
        var encoder = new TelemetryEncoder();
        var decoder = new TelemetryDecoder();
        var first = new byte[TelemetryEncoder.MaxBatchBytes(12)];
        var second = new byte[first.Length];
        return Prop.ForAll(TelemetryGenerators.Batch().ToArbitrary(), batch =>
        {
            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(batch, first, 0, out int length));
            var decoded = new TelemetryBatch(batch.Count);
            Assert.Equal(TelemetryDecodeStatus.Ok, decoder.DecodeBatch(first, 0, length, decoded));
            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(decoded, second, 0, out int again));
            return first.AsSpan(0, length).SequenceEqual(second.AsSpan(0, again));
        });
    }

    /// <summary>
    /// What the contract says goes on the wire: a non-finite value is null, a reading without a finite value cannot
    /// be good, so "good" becomes sensor_fault, and "read but not decodable" (Invalid) is sent as out_of_range.
    /// Written here rather than taken from the encoder.
    /// </summary>
    private static TelemetryBatch AsSent(TelemetryBatch batch)
    {
        var sent = new TelemetryBatch(batch.Count) { Source = batch.Source, Backfill = batch.Backfill };
        for (int i = 0; i < batch.Count; i++)
        {
            TelemetryReading r = batch[i];
            bool finite = double.IsFinite(r.Value);
            SignalQuality quality = r.Quality switch
            {
                SignalQuality.Good when !finite => SignalQuality.SensorFault,
                SignalQuality.Invalid => SignalQuality.OutOfRange,
                _ => r.Quality,
            };
            sent.TryAdd(r.Tag, finite ? r.Value : double.NaN, r.Unit, quality, r.TimeMs, r.Seq);
        }

        return sent;
    }

    private static void AssertNumber(double expected, JsonElement actual)
    {
        if (!double.IsFinite(expected))
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
            return;
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual.GetDouble()));
    }
}
