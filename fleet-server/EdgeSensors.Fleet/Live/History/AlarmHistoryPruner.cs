using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Live.History;

/// <summary>
/// Deletes alarm events older than <see cref="HistoryOptions.AlarmRetentionDays"/>, every
/// <see cref="HistoryOptions.PruneIntervalSeconds"/>, at most <see cref="HistoryOptions.PruneBatchSize"/> rows per
/// statement. An event goes only when both its source time and its receive time are older than the retention: a
/// backfill of old events is still kept the full period after it arrived, and a device with a clock in the past cannot
/// get its events deleted early. Every instance runs it; deleting the same rows twice is harmless.
/// </summary>
internal sealed class AlarmHistoryPruner(IServiceScopeFactory scopes, TimeProvider time, HistoryOptions options, ILogger<AlarmHistoryPruner> log) : BackgroundService
{
    private long _passes;

    /// <summary>Completed pruning passes of this instance (for tests and diagnostics).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError(ex, "pruning alarm history failed; it runs again in {Seconds} s", options.PruneIntervalSeconds);
                }

                await Task.Delay(TimeSpan.FromSeconds(options.PruneIntervalSeconds), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass: deletes in batches until nothing old is left; returns how many rows went.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        DateTime cutoff = time.UtcNow().AddDays(-options.AlarmRetentionDays);
        int total = 0;
        while (true)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
            FleetDbContext db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
            List<string> keys = await db.Set<AlarmEventRow>().Where(e => e.ReceivedAt < cutoff && e.EventAt < cutoff)
                .OrderBy(e => e.ReceivedAt).Select(e => e.Key).Take(options.PruneBatchSize).ToListAsync(ct);
            if (keys.Count > 0)
            {
                total += await db.Set<AlarmEventRow>().Where(e => keys.Contains(e.Key)).ExecuteDeleteAsync(ct);
            }

            if (keys.Count < options.PruneBatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            log.LogInformation("alarm history: {Count} event(s) older than {Days} days (before {Cutoff:O}) deleted", total, options.AlarmRetentionDays, cutoff);
        }

        Interlocked.Increment(ref _passes);
        return total;
    }
}
