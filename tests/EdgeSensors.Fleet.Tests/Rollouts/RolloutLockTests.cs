using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Rollouts;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>Two server instances on one PostgreSQL database: the advisory lock lets exactly one rollout engine run.</summary>
public sealed class RolloutLockTests
{
    [SkippableFact]
    public async Task Only_one_of_two_engines_holds_the_lock_and_the_other_takes_over_when_it_goes()
    {
        PostgresServer.Require();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        await using var first = new PostgresRolloutLock(database.ConnectionString);
        var second = new PostgresRolloutLock(database.ConnectionString);
        try
        {
            Assert.True(await first.TryAcquireAsync(CancellationToken.None));
            Assert.False(await second.TryAcquireAsync(CancellationToken.None));
            Assert.True(await first.TryAcquireAsync(CancellationToken.None)); // still held: the engine keeps running
            Assert.False(await second.TryAcquireAsync(CancellationToken.None));

            await first.DisposeAsync(); // the instance stops (or its session dies)

            Assert.True(await second.TryAcquireAsync(CancellationToken.None));
            await using var third = new PostgresRolloutLock(database.ConnectionString);
            Assert.False(await third.TryAcquireAsync(CancellationToken.None));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Concurrent_tries_grant_the_lock_to_exactly_one()
    {
        PostgresServer.Require();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        PostgresRolloutLock[] locks = [.. Enumerable.Range(0, 6).Select(_ => new PostgresRolloutLock(database.ConnectionString))];
        try
        {
            bool[] granted = await Task.WhenAll(locks.Select(l => l.TryAcquireAsync(CancellationToken.None)));

            Assert.Equal(1, granted.Count(g => g));
        }
        finally
        {
            foreach (var l in locks)
            {
                await l.DisposeAsync();
            }
        }
    }
}
