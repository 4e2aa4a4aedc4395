using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Rollouts.Engine;
using EdgeSensors.Fleet.Rollouts.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Rollouts.Hosting;

/// <summary>
/// The hosted rollout engine: every <see cref="RolloutOptions.StepIntervalMs"/> it tries the engine lock and, while it
/// holds it, steps every running rollout of every tenant (<see cref="RolloutRunner.StepAsync"/>) and sends unacknowledged
/// desired configs again (<see cref="Redelivery.DesiredConfigResender"/>). On PostgreSQL the lock
/// is a session advisory lock, so of several instances on one database exactly one runs the engine and another takes
/// over when it goes; on SQLite a single instance is assumed and the lock is always granted.
/// </summary>
public sealed class RolloutEngineService(IServiceScopeFactory scopes, IRolloutLock engineLock, IOptions<RolloutOptions> options, ILogger<RolloutEngineService> log)
    : BackgroundService
{
    private int _leader;

    /// <summary>True while this instance holds the engine lock and runs the engine.</summary>
    public bool IsLeader => Volatile.Read(ref _leader) == 1;

    /// <summary>How many steps this instance has run (each running rollout once per tick).</summary>
    public long Steps { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EngineEnabled)
        {
            return;
        }

        TimeSpan interval = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.StepIntervalMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool leader = await engineLock.TryAcquireAsync(stoppingToken);
                if (Interlocked.Exchange(ref _leader, leader ? 1 : 0) != (leader ? 1 : 0))
                {
                    log.LogInformation(leader ? "rollout engine: this instance holds the engine lock and runs the rollouts" : "rollout engine: another instance holds the engine lock");
                }

                if (leader)
                {
                    await StepAllAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "rollout engine tick failed; retrying in {Interval} ms", interval.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Volatile.Write(ref _leader, 0);
        await engineLock.DisposeAsync();
    }

    private async Task StepAllAsync(CancellationToken ct)
    {
        List<Guid> running;
        await using (AsyncServiceScope scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
            running = await scope.ServiceProvider.GetRequiredService<Data.FleetDbContext>().Set<RolloutRow>()
                .Where(r => r.Status == RolloutStatus.Running).OrderBy(r => r.StartedAt).Select(r => r.Id).ToListAsync(ct);
        }

        foreach (Guid id in running)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
            scope.ServiceProvider.GetRequiredService<Caller>().Set("system:rollout-engine");
            try
            {
                await scope.ServiceProvider.GetRequiredService<RolloutRunner>().StepAsync(id, ct);
                Steps++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A user paused, resumed or rolled it back during the step: the user's change stands, the next tick sees it.
                log.LogInformation("rollout {Rollout} changed during a step; stepping it again next tick", id);
            }
        }

        // Desired configs outside running rollouts that were never acknowledged (a directly submitted revision whose publish was lost).
        await using (AsyncServiceScope scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
            await scope.ServiceProvider.GetRequiredService<Redelivery.DesiredConfigResender>().ResendDueAsync(ct);
        }
    }
}
