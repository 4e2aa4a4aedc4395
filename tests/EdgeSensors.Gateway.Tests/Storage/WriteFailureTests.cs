using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// Real write failures from the kernel: the appender runs under a 256 KiB per-file size limit (RLIMIT_FSIZE), so its
/// WAL and then its database file stop growing and writes fail with EFBIG, as they would on a full card.
/// </summary>
public sealed class WriteFailureTests
{
    [SkippableFact]
    public void Under_a_file_size_limit_the_appender_keeps_running_drops_and_reports_new_entries_and_keeps_what_it_stored()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "RLIMIT_FSIZE through bash's ulimit is tested on Linux");
        using var dir = new StoreDirectory();
        using var child = FaultToolProcess.StartWithFileSizeLimit(
            256, "append", "--dir", dir.Path, "--batch", "10", "--payload-bytes", "500", "--stop-after-dropped-batches", "5");

        var committed = new Dictionary<ulong, int>();
        var dropped = new List<string>();
        string? stats = null;
        for (string? line = child.ReadLine(TimeSpan.FromSeconds(60)); line is not null; line = child.ReadLine(TimeSpan.FromSeconds(60)))
        {
            string[] parts = line.Split(' ');
            if (parts[0] == "committed")
            {
                ulong first = ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                int index = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
                for (int i = 0; i < int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture); i++)
                {
                    committed.Add(first + (ulong)i, index + i);
                }
            }
            else if (parts[0] == "dropped")
            {
                dropped.Add(line);
            }
            else if (parts[0] == "stats")
            {
                stats = line;
            }
        }

        Assert.Equal(0, child.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.True(committed.Count > 100, "only " + committed.Count + " entries stored before the limit\n" + child.Stderr);
        Assert.Equal(5, dropped.Count);
        Assert.All(dropped, line => Assert.EndsWith(" 10 WriteError", line, StringComparison.Ordinal));
        Assert.NotNull(stats);
        Assert.Contains("write_error=50 readings", stats, StringComparison.Ordinal);
        Assert.EndsWith("WriteError", stats, StringComparison.Ordinal);

        // Without the limit, everything the child was told was stored is there and the queue works again.
        using var queue = DurableQueue.Open(Entries.Options(dir, TimeProvider.System));
        var present = Entries.Drain(queue).ToDictionary(e => e.Seq, e => Entries.IndexOf(e.Payload));
        Assert.Equal(committed.OrderBy(c => c.Key), present.OrderBy(p => p.Key));
        Assert.NotEqual(StoreCondition.WriteError, queue.GetStats().Health.Condition);
        Assert.Equal(1, queue.Append(Entries.Reading(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).Stored);
    }
}
