using System.Text;
using EdgeSensors.Portable.Tests.Telemetry.Support;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Telemetry.Codec;

/// <summary>
/// The contract frozen: the encoder writes each golden payload byte for byte, and the decoder reads each one
/// back to the message it stands for. A change that breaks one of these is a contract change (docs/telemetry.md).
/// The gateway tests validate the same files against docs/telemetry.schema.json.
/// </summary>
public class GoldenPayloadTests
{
    [Theory]
    [MemberData(nameof(GoldenMessages.BatchData), MemberType = typeof(GoldenMessages))]
    public void The_encoder_writes_the_golden_batch_byte_for_byte(string file)
    {
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(16)];

        TelemetryEncodeStatus status = new TelemetryEncoder().EncodeBatch(GoldenMessages.Batch(file), buffer, 0, out int length);

        Assert.Equal(TelemetryEncodeStatus.Ok, status);
        Assert.Equal(Encoding.UTF8.GetString(GoldenMessages.Payload(file)), Encoding.UTF8.GetString(buffer, 0, length));
        Assert.Equal(GoldenMessages.Payload(file), buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(GoldenMessages.AlarmData), MemberType = typeof(GoldenMessages))]
    public void The_encoder_writes_the_golden_alarm_byte_for_byte(string file)
    {
        var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];

        TelemetryEncodeStatus status = new TelemetryEncoder().EncodeAlarm(GoldenMessages.Alarm(file), buffer, 0, out int length);

        Assert.Equal(TelemetryEncodeStatus.Ok, status);
        Assert.Equal(Encoding.UTF8.GetString(GoldenMessages.Payload(file)), Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Theory]
    [MemberData(nameof(GoldenMessages.BatchData), MemberType = typeof(GoldenMessages))]
    public void The_decoder_reads_the_golden_batch_back(string file)
    {
        byte[] payload = GoldenMessages.Payload(file);
        var decoded = new TelemetryBatch(16);
        var decoder = new TelemetryDecoder();

        Assert.Equal(TelemetryDecodeStatus.Ok, decoder.DecodeBatch(payload, 0, payload.Length, decoded));
        Assert.Equal(string.Empty, decoder.ErrorMessage);
        TelemetryAssert.Equal(GoldenMessages.Batch(file, asDecoded: true), decoded);
    }

    [Theory]
    [MemberData(nameof(GoldenMessages.AlarmData), MemberType = typeof(GoldenMessages))]
    public void The_decoder_reads_the_golden_alarm_back(string file)
    {
        byte[] payload = GoldenMessages.Payload(file);
        var decoded = new AlarmMessage();

        Assert.Equal(TelemetryDecodeStatus.Ok, new TelemetryDecoder().DecodeAlarm(payload, 0, payload.Length, decoded));
        TelemetryAssert.Equal(GoldenMessages.Alarm(file), decoded);
    }

    [Fact]
    public void Every_golden_file_is_covered_here()
    {
        string[] onDisk = Directory.GetFiles(GoldenMessages.Directory, "*.json").Select(Path.GetFileName).Order().ToArray()!;

        Assert.Equal(GoldenMessages.BatchFiles.Concat(GoldenMessages.AlarmFiles).Order(), onDisk);
    }

    [Fact]
    public void A_batch_is_not_an_alarm_and_an_alarm_is_not_a_batch()
    {
        byte[] batch = GoldenMessages.Payload("batch-live.json");
        byte[] alarm = GoldenMessages.Payload("alarm-hh-raised.json");
        var decoder = new TelemetryDecoder();

        Assert.Equal(TelemetryDecodeStatus.UnknownField, decoder.DecodeAlarm(batch, 0, batch.Length, new AlarmMessage()));
        Assert.Equal("readings", decoder.ErrorField);
        Assert.Equal(TelemetryDecodeStatus.UnknownField, decoder.DecodeBatch(alarm, 0, alarm.Length, new TelemetryBatch(4)));
        Assert.Equal("tag", decoder.ErrorField);
        Assert.StartsWith("tag: not a member of schema version 1 here (at byte ", decoder.ErrorMessage, StringComparison.Ordinal);
    }
}
