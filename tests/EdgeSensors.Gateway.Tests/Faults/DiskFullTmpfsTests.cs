using System.Text.Json;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Signals;
using Xunit.Abstractions;

namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>
/// The real `edgesensors run` with its data directory on a small tmpfs that the test fills up completely: the gateway
/// keeps polling and alarming, alarm events queued before are kept, what cannot be stored is counted in status (which
/// is still written), and queueing recovers when space is freed. On a 100 % full filesystem SQLite cannot write a WAL
/// frame, so no new reading can be stored until space comes back; alarm events raised meanwhile go into the space the
/// queue reserved for them (queue.reserve), and the outputs switch either way.
/// </summary>
public sealed class DiskFullTmpfsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-diskfull-").FullName;
    private readonly TickingClock _farmClock = new();
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync()
    {
        var quiet = new EpisodeSettings
        {
            LeakIntervalMin = TimeSpan.FromDays(10),
            LeakIntervalMax = TimeSpan.FromDays(11),
            FaultIntervalMin = TimeSpan.FromDays(10),
            FaultIntervalMax = TimeSpan.FromDays(11),
        };
        _simulator = await TestSimulator.StartAsync(_farmClock, quiet);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [SkippableFact]
    public async Task A_full_disk_keeps_queued_alarms_counts_what_it_drops_keeps_running_and_recovers_when_space_is_freed()
    {
        string config = Path.Combine(_directory, "site.yaml");
        string data = Path.Combine(_directory, "data");
        await File.WriteAllTextAsync(config, FaultSiteConfig.Text(_simulator, pollSeconds: 0.1));
        using TmpfsMount? disk = TmpfsMount.TryMount(data, 8L * 1024 * 1024, out string failure);
        if (disk is null)
        {
            // CI runs as root: there a failing mount is a failure, never a skip.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", failure);
            Skip.If(true, failure);
        }

        // Port 9 has no broker: everything stays queued, so the queue is what the full disk squeezes.
        using (var gateway = GatewayProcess.Start(config, data, "mqtt://127.0.0.1:9"))
        {
            await Eventually.WaitUntilAsync(() => Status(data) is { } s && s.GetProperty("readings_queued").GetInt64() >= 9, 60, describe: () => Describe(gateway));

            // A gas leak at T-101 before the disk fills: its alarm events wait in the queue for the broker.
            Leak("T-101");
            await Eventually.WaitUntilAsync(() => Status(data) is { } s && BeaconOn(s) && s.GetProperty("queue").GetProperty("alarm_depth").GetInt64() > 0, 30, pollMs: 200, describe: () => Describe(gateway));
            await Task.Delay(TimeSpan.FromSeconds(1)); // let that poll's events settle
            long alarmsQueuedBeforeFull = Status(data)!.Value.GetProperty("queue").GetProperty("alarm_depth").GetInt64();

            string filler = Path.Combine(data, "filler.bin");
            long filled = TmpfsMount.Fill(filler);

            // Full: new readings are dropped and counted, the status (overwritten in place) says so, polling goes on.
            await Eventually.WaitUntilAsync(() => DiskFullDrops(data).Readings > 0 || gateway.HasExited, 60, pollMs: 200, describe: () => Describe(gateway));
            Assert.False(gateway.HasExited, "edgesensors run died on a full disk:\n" + gateway.Output);
            long requestsWhenFull = _simulator.Handler.Requests;

            // A second leak, at T-102, while the disk is full: the alarm is still raised locally and shown in status.
            Leak("T-102");
            await Eventually.WaitUntilAsync(
                () => Status(data) is { } s && s.GetProperty("active_alarms").EnumerateArray().Any(a => a.GetProperty("tag").GetString() == "t102-lel/concentration"),
                30, pollMs: 200, describe: () => Describe(gateway));
            await Eventually.WaitUntilAsync(() => _simulator.Handler.Requests > requestsWhenFull + 100, 30, describe: () => Describe(gateway));

            // Its alarm events are stored in the reserve, not dropped.
            await Eventually.WaitUntilAsync(
                () => Status(data) is { } s && s.GetProperty("queue").GetProperty("alarm_depth").GetInt64() > alarmsQueuedBeforeFull,
                30, pollMs: 200, describe: () => Describe(gateway));
            Assert.False(File.Exists(Path.Combine(data, "queue", "queue.reserve")), "the reserve should have been given back to store the alarm");
            JsonElement full = Status(data)!.Value;
            (long readingsDropped, long alarmsDropped) = DiskFullDrops(data);
            Assert.True(readingsDropped > 0);
            Assert.Equal(0, alarmsDropped);
            Assert.Equal("DiskFull", full.GetProperty("queue").GetProperty("health").GetString());
            Assert.True(BeaconOn(full), "the beacon must stay on");

            // The alarm events queued before the disk filled are kept: only readings and new entries are dropped.
            Assert.True(full.GetProperty("queue").GetProperty("alarm_depth").GetInt64() >= alarmsQueuedBeforeFull, "queued alarm events were dropped for a full disk:\n" + Describe(gateway));
            Assert.False(gateway.HasExited, gateway.Output);
            output.WriteLine($"filled {filled} B; while full: {readingsDropped} readings dropped and counted (drops.disk_full), {alarmsDropped} alarm events dropped, "
                + $"{alarmsQueuedBeforeFull} alarm events queued before kept (alarm depth {full.GetProperty("queue").GetProperty("alarm_depth")}); queue depth {full.GetProperty("queue").GetProperty("depth")}, "
                + $"health {full.GetProperty("queue").GetProperty("health")}, free disk {full.GetProperty("host").GetProperty("free_disk_bytes")} B, "
                + $"alarm state save failures {full.GetProperty("alarm_state_save_failures")}");

            // Space comes back: appends succeed again, nothing more is dropped, the queue grows past where the full disk held it.
            File.Delete(filler);
            await Task.Delay(TimeSpan.FromSeconds(2));
            long depthAfterFreeing = Status(data)!.Value.GetProperty("queue").GetProperty("depth").GetInt64();
            long dropsAfterFreeing = DiskFullDrops(data).Readings;
            await Eventually.WaitUntilAsync(() => Status(data) is { } s && s.GetProperty("queue").GetProperty("depth").GetInt64() > depthAfterFreeing + 20, 60, pollMs: 200, describe: () => Describe(gateway));
            JsonElement recovered = Status(data)!.Value;
            Assert.Equal(dropsAfterFreeing, DiskFullDrops(data).Readings);
            Assert.Equal("Healthy", recovered.GetProperty("queue").GetProperty("health").GetString());
            Assert.True(recovered.GetProperty("queue").GetProperty("alarm_depth").GetInt64() > alarmsQueuedBeforeFull);
            await Eventually.WaitUntilAsync(() => File.Exists(Path.Combine(data, "queue", "queue.reserve")), 30, pollMs: 200, describe: () => Describe(gateway));
            output.WriteLine($"after freeing: depth {depthAfterFreeing} -> {recovered.GetProperty("queue").GetProperty("depth")}, drops.disk_full.readings stayed {dropsAfterFreeing}, health Healthy");
            gateway.KillHard();
        }
    }

    /// <summary>Starts a leak and moves the farm 40 s on: past the 30 s rise to its peak, inside its shortest hold.</summary>
    private void Leak(string location)
    {
        _simulator.Farm.TriggerLeak(location);
        for (int s = 0; s < 40; s++)
        {
            _farmClock.Advance(TimeSpan.FromSeconds(1));
            _simulator.Farm.Sync();
        }
    }

    private static JsonElement? Status(string data) => GatewayProcess.ReadStatus(data);

    private static string Describe(GatewayProcess gateway) =>
        "status " + (Status(gateway.DataDirectory)?.ToString() ?? "(unreadable)") + "\noutput:\n" + gateway.Output;

    private static bool BeaconOn(JsonElement status) =>
        status.GetProperty("outputs").EnumerateArray().Any(o => o.GetProperty("name").GetString() == "gas-beacon" && o.GetProperty("on").GetBoolean());

    private static (long Readings, long Alarms) DiskFullDrops(string data)
    {
        JsonElement? status = Status(data);
        if (status is null)
        {
            return (0, 0);
        }

        JsonElement drops = status.Value.GetProperty("queue").GetProperty("drops").GetProperty("disk_full");
        return (drops.GetProperty("readings").GetInt64(), drops.GetProperty("alarms").GetInt64());
    }
}
