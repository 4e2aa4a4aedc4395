using System.Text;
using EdgeSensors.Portable.Tests.Telemetry.Support;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Telemetry.Codec;

/// <summary>
/// Damaged, random and reshuffled payloads through the decoder. It never throws, it names every rejection, and
/// it accepts exactly what <see cref="ContractChecker"/> (the contract re-read with System.Text.Json) accepts.
/// </summary>
public class TelemetryDecoderFuzzTests
{
    private const int MaxReadings = 16;

    [Property(MaxTest = 25000)]
    public Property Damaged_batches_are_judged_like_an_independent_checker_judges_them()
    {
        Gen<(byte[] Payload, PayloadMutation Mutation)> damaged =
            from source in Gen.OneOf(EncodedBatch(), Gen.Elements(GoldenMessages.BatchFiles).Select(GoldenMessages.Payload))
            from count in Gen.Choose(1, 3)
            from mutations in Gen.ArrayOf(Gen.Elements(PayloadMutator.All), count)
            from seed in ArbMap.Default.GeneratorFor<int>()
            select (Mutate(source, mutations, seed), mutations[0]);
        var decoder = new TelemetryDecoder();
        var batch = new TelemetryBatch(MaxReadings);
        return Prop.ForAll(damaged.ToArbitrary(), c =>
        {
            TelemetryDecodeStatus status = decoder.DecodeBatch(c.Payload, 0, c.Payload.Length, batch);
            string? checker = ContractChecker.CheckBatch(c.Payload, MaxReadings);
            AssertSameVerdict(status, decoder, checker, c.Payload);
            return true.Classify(status == TelemetryDecodeStatus.Ok, "accepted").Classify(c.Mutation == PayloadMutation.None, "undamaged");
        });
    }

    [Property(MaxTest = 15000)]
    public Property Damaged_alarms_are_judged_like_an_independent_checker_judges_them()
    {
        Gen<byte[]> damaged =
            from source in Gen.OneOf(EncodedAlarm(), Gen.Elements(GoldenMessages.AlarmFiles).Select(GoldenMessages.Payload))
            from count in Gen.Choose(1, 3)
            from mutations in Gen.ArrayOf(Gen.Elements(PayloadMutator.All), count)
            from seed in ArbMap.Default.GeneratorFor<int>()
            select Mutate(source, mutations, seed);
        var decoder = new TelemetryDecoder();
        var alarm = new AlarmMessage();
        return Prop.ForAll(damaged.ToArbitrary(), payload =>
        {
            TelemetryDecodeStatus status = decoder.DecodeAlarm(payload, 0, payload.Length, alarm);
            AssertSameVerdict(status, decoder, ContractChecker.CheckAlarm(payload), payload);
        });
    }

    [Theory]
    [MemberData(nameof(GoldenMessages.BatchData), MemberType = typeof(GoldenMessages))]
    [MemberData(nameof(GoldenMessages.AlarmData), MemberType = typeof(GoldenMessages))]
    public void Every_proper_prefix_of_a_golden_payload_is_rejected(string file)
    {
        byte[] payload = GoldenMessages.Payload(file);
        var decoder = new TelemetryDecoder();
        for (int length = 0; length < payload.Length; length++)
        {
            TelemetryDecodeStatus status = file.StartsWith("batch", StringComparison.Ordinal)
                ? decoder.DecodeBatch(payload, 0, length, new TelemetryBatch(MaxReadings))
                : decoder.DecodeAlarm(payload, 0, length, new AlarmMessage());

            Assert.NotEqual(TelemetryDecodeStatus.Ok, status);
            Assert.InRange(decoder.ErrorOffset, 0, length);
        }
    }

    private static void AssertSameVerdict(TelemetryDecodeStatus status, TelemetryDecoder decoder, string? checker, byte[] payload)
    {
        string shown = Encoding.UTF8.GetString(payload);
        if (status == TelemetryDecodeStatus.Ok)
        {
            Assert.True(checker == null, "decoder accepted what the checker rejects (" + checker + "): " + shown);
            Assert.Equal(string.Empty, decoder.ErrorMessage);
            return;
        }

        Assert.True(checker != null, "decoder rejected (" + decoder.ErrorMessage + ") what the checker accepts: " + shown);
        Assert.False(string.IsNullOrEmpty(decoder.ErrorMessage));
        Assert.InRange(decoder.ErrorOffset, 0, payload.Length);
    }

    private static byte[] Mutate(byte[] payload, PayloadMutation[] mutations, int seed)
    {
        var random = new Random(seed);
        foreach (PayloadMutation mutation in mutations)
        {
            payload = payload.Length == 0 ? payload : PayloadMutator.Apply(mutation, random, payload);
        }

        return payload;
    }

    private static Gen<byte[]> EncodedBatch()
    {
        return TelemetryGenerators.Batch(maxReadings: 4).Select(batch =>
        {
            var buffer = new byte[TelemetryEncoder.MaxBatchBytes(batch.Count)];
            Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
            return buffer[..length];
        });
    }

    private static Gen<byte[]> EncodedAlarm()
    {
        return TelemetryGenerators.Alarm().Select(alarm =>
        {
            var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];
            Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, buffer, 0, out int length));
            return buffer[..length];
        });
    }
}
