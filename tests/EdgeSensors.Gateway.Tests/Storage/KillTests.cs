using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// A separate process appends in a loop and is killed with SIGKILL mid-stream, several times over the same
/// directory. Everything it reported as committed must be there afterwards, and seqs must keep increasing.
/// </summary>
public sealed class KillTests
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("Full")]
    [InlineData("Normal")]
    public void Every_append_reported_before_sigkill_is_present_and_seq_continues(string sync)
    {
        using var dir = new StoreDirectory();
        var committed = new Dictionary<ulong, int>(); // seq -> payload index
        ulong highestReported = 0;
        for (int round = 0; round < 3; round++)
        {
            int linesBeforeKill = 40 + (round * 17); // kill at a different point each round
            using var child = FaultToolProcess.Start(
                "append", "--dir", dir.Path, "--sync", sync, "--batch", "7", "--payload-bytes", "120", "--start-index", (round * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            string? ready = child.ReadLine(LineTimeout);
            Assert.True(ready is not null && ready.StartsWith("ready", StringComparison.Ordinal), "child did not start: " + ready + "\n" + child.Stderr);

            for (int line = 0; line < linesBeforeKill; line++)
            {
                string? text = child.ReadLine(LineTimeout);
                Assert.True(text is not null && text.StartsWith("committed ", StringComparison.Ordinal), "unexpected child output: " + text + "\n" + child.Stderr);
                string[] parts = text.Split(' ');
                ulong firstSeq = ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                int count = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                int firstIndex = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(firstSeq > highestReported, "round " + round + ": seq " + firstSeq + " reused (already reported up to " + highestReported + ")");
                for (int i = 0; i < count; i++)
                {
                    committed.Add(firstSeq + (ulong)i, firstIndex + i);
                }

                highestReported = firstSeq + (ulong)count - 1;
            }

            child.KillHard(); // while it is still appending
        }

        // The child stamps entries with the real clock, so the real clock judges their age here too.
        using var queue = DurableQueue.Open(Entries.Options(dir, TimeProvider.System));
        var present = Entries.Drain(queue).ToDictionary(e => e.Seq, e => Entries.IndexOf(e.Payload));
        var missing = committed.Where(c => !present.TryGetValue(c.Key, out int index) || index != c.Value).Select(c => c.Key).ToList();
        Assert.True(missing.Count == 0, missing.Count + " committed entries missing or wrong after SIGKILL, first seq " + missing.FirstOrDefault());
        var stats = queue.GetStats();
        Assert.Equal(3, stats.Events.UncleanShutdowns);
        Assert.True(stats.NextSeq > present.Keys.Max(), "next seq " + stats.NextSeq + " would reuse a stored seq");
        Assert.True(queue.Append(Entries.Reading(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).FirstSeq > highestReported);
    }
}
