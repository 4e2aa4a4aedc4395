using System.Text;
using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Deterministic test entries: the payload names its index, so a test can tell every entry apart after a reopen.</summary>
internal static class Entries
{
    public static NewEntry Reading(int index, long acquiredAtMs, int payloadBytes = 64) =>
        new(EntryKind.Reading, acquiredAtMs, "tank-" + (index % 7) + "/level", Payload(index, payloadBytes));

    public static NewEntry Alarm(int index, long acquiredAtMs, int payloadBytes = 64) =>
        new(EntryKind.AlarmEvent, acquiredAtMs, "gas-" + (index % 3) + "/alarm", Payload(index, payloadBytes));

    public static byte[] Payload(int index, int bytes)
    {
        var payload = new byte[Math.Max(bytes, 16)];
        byte[] label = Encoding.ASCII.GetBytes("entry-" + index + ";");
        label.CopyTo(payload, 0);
        for (int i = label.Length; i < payload.Length; i++)
        {
            payload[i] = (byte)((index * 31) + i);
        }

        return payload;
    }

    public static int IndexOf(byte[] payload)
    {
        string text = Encoding.ASCII.GetString(payload, 0, Math.Min(payload.Length, 24));
        int start = text.IndexOf('-', StringComparison.Ordinal) + 1;
        int end = text.IndexOf(';', StringComparison.Ordinal);
        return int.Parse(text[start..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static StoreOptions Options(StoreDirectory directory, TimeProvider? clock = null) => new()
    {
        DataDirectory = directory.Path,
        Clock = clock ?? new StoreClock(),
        BackfillRatePerSecond = 1_000_000,
        BackfillBurst = 1_000_000,
    };

    /// <summary>Everything the queue holds, via the forwarder's API in a fresh session (oldest first per tier).</summary>
    public static List<QueuedEntry> Drain(DurableQueue queue)
    {
        queue.BeginSession();
        var all = new List<QueuedEntry>();
        while (true)
        {
            var batch = queue.TakeBatch(1000);
            if (batch.Entries.Count == 0)
            {
                return all.OrderBy(e => e.Seq).ToList();
            }

            all.AddRange(batch.Entries);
        }
    }
}
