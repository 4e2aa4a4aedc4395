using System.Text;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>One reading as the backend decoded it through the shared telemetry contract.</summary>
internal sealed record ReceivedReading(ulong Seq, string Tag, double Value, long TimeMs, bool Backfill);

/// <summary>What a subscriber received on the telemetry topic, decoded, and seq bookkeeping over it.</summary>
internal static class ReceivedTelemetry
{
    public static List<ReceivedReading> Decode(TestSubscriber subscriber)
    {
        var readings = new List<ReceivedReading>();
        var decoder = new TelemetryDecoder();
        foreach (var message in subscriber.Received)
        {
            var batch = new TelemetryBatch(TelemetryContract.MaxReadingsPerBatch);
            byte[] bytes = Encoding.UTF8.GetBytes(message.Payload);
            Assert.Equal(TelemetryDecodeStatus.Ok, decoder.DecodeBatch(bytes, 0, bytes.Length, batch));
            for (int i = 0; i < batch.Count; i++)
            {
                readings.Add(new ReceivedReading(batch[i].Seq, batch[i].Tag, batch[i].Value, batch[i].TimeMs, batch.Backfill));
            }
        }

        return readings;
    }

    /// <summary>The seqs in [first, last] that are not among <paramref name="seqs"/>, as "a-b" ranges (at most 10).</summary>
    public static List<string> Missing(IReadOnlySet<ulong> seqs, ulong first, ulong last)
    {
        var missing = new List<string>();
        ulong? start = null;
        for (ulong s = first; s <= last + 1 && missing.Count < 10; s++)
        {
            bool absent = s <= last && !seqs.Contains(s);
            if (absent && start is null)
            {
                start = s;
            }
            else if (!absent && start is ulong open)
            {
                missing.Add(open == s - 1 ? open.ToString(System.Globalization.CultureInfo.InvariantCulture) : open + "-" + (s - 1));
                start = null;
            }
        }

        return missing;
    }
}
