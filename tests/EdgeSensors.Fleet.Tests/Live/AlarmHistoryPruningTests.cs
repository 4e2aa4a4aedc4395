using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Live.History;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static EdgeSensors.Fleet.Tests.Live.LiveTestSteps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// The server on a <see cref="ShiftedClock"/> (its injected TimeProvider), with the shortest retention the rule allows
/// (30 days), a pruning pass every second and 2 rows per delete, so a pass needs several batches.
/// </summary>
public abstract class HistoryPruningFleet(DatabaseProvider provider) : EnrolmentFleet(provider)
{
    public ShiftedClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:History:AlarmRetentionDays"] = "30",
        ["Fleet:History:PruneIntervalSeconds"] = "1",
        ["Fleet:History:PruneBatchSize"] = "2",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>An admin API key without expiry: sessions expire after 4 h of the shifted clock.</summary>
    public Task<string> AdminKeyAsync() => InSystemScopeAsync(async services =>
        (await services.GetRequiredService<Accounts>().CreateApiKeyAsync(Alpha.Id, "history-" + Guid.NewGuid().ToString("N")[..8], FleetRole.Admin, null, "test")).Token);
}

public sealed class SqliteHistoryPruningFleet() : HistoryPruningFleet(DatabaseProvider.Sqlite);

public sealed class PostgresHistoryPruningFleet() : HistoryPruningFleet(DatabaseProvider.PostgreSQL);

/// <summary>
/// Alarm events are pruned by age by the background job, using the server's TimeProvider: nothing goes before 30 days,
/// everything older than 30 days (by source and by receive time) goes, in batches; a backfilled old event is kept 30 days
/// after it arrived.
/// </summary>
public abstract class AlarmHistoryPruningTests(HistoryPruningFleet fleet)
{
    [SkippableFact]
    public async Task Events_go_after_30_days_of_the_servers_clock_and_not_before()
    {
        Assert.Same(fleet.Clock, fleet.Factory.Services.GetRequiredService<TimeProvider>());
        AlarmHistoryPruner pruner = fleet.Factory.Services.GetRequiredService<AlarmHistoryPruner>();
        using HttpClient admin = fleet.ClientWithToken(await fleet.AdminKeyAsync());
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-prune-01");
        await using AckDevice _ = device;
        string url = $"/api/alarms/history?deviceId={registryId}";

        // Five events happening now, by the server's clock.
        long now = fleet.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (ulong seq = 1; seq <= 5; seq++)
        {
            await device.PublishAlarmAsync("tk101/level", AlarmKind.High, seq % 2 == 1 ? AlarmEventType.Raised : AlarmEventType.Cleared, 9.1, 9, "m", seq, false, now);
        }

        await WaitForAsync(admin, url, h => h.GetProperty("items").GetArrayLength() == 5);

        // 29 days later: two more passes, nothing deleted. Then a backfill arrives of an event 60 days old, and a new event.
        fleet.Clock.Advance(TimeSpan.FromDays(29));
        await WaitForPassesAsync(pruner, 2);
        Assert.Equal(5, (await admin.GetOkAsync(url)).GetProperty("items").GetArrayLength());
        long later = fleet.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await device.PublishAlarmAsync("tk101/level", AlarmKind.High, AlarmEventType.Raised, 9.2, 9, "m", 6UL, false, later - (long)TimeSpan.FromDays(60).TotalMilliseconds);
        await device.PublishAlarmAsync("tk101/level", AlarmKind.High, AlarmEventType.Cleared, 8.5, 9, "m", 7UL, false, later);
        await WaitForAsync(admin, url, h => h.GetProperty("items").GetArrayLength() == 7);
        await WaitForPassesAsync(pruner, 2);
        Assert.Equal(7, (await admin.GetOkAsync(url)).GetProperty("items").GetArrayLength());

        // 31 days after the first five: they go (three batches of at most 2); the backfill, received 2 days ago, stays.
        fleet.Clock.Advance(TimeSpan.FromDays(2));
        JsonElement left = await WaitForAsync(admin, url, h => h.GetProperty("items").GetArrayLength() == 2);
        Assert.Equal(["7", "6"], left.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetString()));

        // 31 days after those arrived: all gone; pruning continued across restarts of nothing but the clock.
        fleet.Clock.Advance(TimeSpan.FromDays(30));
        await WaitForAsync(admin, url, h => h.GetProperty("items").GetArrayLength() == 0);
        Assert.Equal(0, await fleet.InSystemScopeAsync(s => Task.FromResult(s.GetRequiredService<FleetDbContext>().Set<AlarmEventRow>().Count(e => e.DeviceId == registryId))));
    }

    /// <summary>Waits until the job has completed <paramref name="count"/> more passes (each sees the clock as it is now).</summary>
    private static async Task WaitForPassesAsync(AlarmHistoryPruner pruner, int count)
    {
        long target = pruner.Passes + count;
        DateTime deadline = DateTime.UtcNow + Patience;
        while (pruner.Passes < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the pruning job did not run {count} passes in {Patience.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteAlarmHistoryPruningTests(SqliteHistoryPruningFleet fleet) : AlarmHistoryPruningTests(fleet), IClassFixture<SqliteHistoryPruningFleet>;

public sealed class PostgresAlarmHistoryPruningTests(PostgresHistoryPruningFleet fleet) : AlarmHistoryPruningTests(fleet), IClassFixture<PostgresHistoryPruningFleet>;
