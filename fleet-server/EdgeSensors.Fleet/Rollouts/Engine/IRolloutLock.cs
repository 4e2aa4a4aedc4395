namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>
/// Makes exactly one rollout engine active among the server instances on one database: PostgreSQL takes a session
/// advisory lock (pg_try_advisory_lock) and holds it while the engine runs; SQLite, one process only, always grants it.
/// </summary>
public interface IRolloutLock : IAsyncDisposable
{
    /// <summary>True when this instance holds the lock now (taking it if free); false when another instance holds it.</summary>
    Task<bool> TryAcquireAsync(CancellationToken ct);
}

/// <summary>The lock for a single-process store (SQLite): there is no other instance, so it is always held.</summary>
public sealed class SingleProcessRolloutLock : IRolloutLock
{
    public Task<bool> TryAcquireAsync(CancellationToken ct) => Task.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
