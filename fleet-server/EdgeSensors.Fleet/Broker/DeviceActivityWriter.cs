using System.Threading.Channels;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Rollouts.Storage;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Records what <see cref="LastSeenHandler"/> and <see cref="DeviceActivityHandler"/> saw, in batches of up to
/// <see cref="BatchSize"/> messages: one query for the devices, one UPDATE of devices.LastSeenAt, one query and one
/// SaveChanges for device_activity. Ten thousand devices answering a rollout at once would otherwise cost ten thousand
/// write transactions one after the other on the consumer's single thread (measured: 5,000 reports took 57 s to record).
/// </summary>
internal sealed class DeviceActivityWriter(IServiceScopeFactory scopes, ILogger<DeviceActivityWriter> log) : BackgroundService
{
    public const int BatchSize = 5000;

    private readonly Channel<Seen> _queue = Channel.CreateBounded<Seen>(
        new BoundedChannelOptions(200_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>What one message said: the device was seen, and when it was telemetry or a status, what it carried.</summary>
    internal readonly record struct Seen(string Device, SeenKind Kind, DateTime At, long? AlarmEvaluations);

    internal enum SeenKind
    {
        /// <summary>Any message: devices.LastSeenAt only.</summary>
        Message,

        /// <summary>A telemetry batch: device_activity.LastTelemetryAt.</summary>
        Telemetry,

        /// <summary>A status: LastStatusAt, and the alarm-evaluator heartbeat when alarm_evaluations moved (null: offline or absent).</summary>
        Status,
    }

    public ValueTask EnqueueAsync(Seen seen, CancellationToken ct) => _queue.Writer.WriteAsync(seen, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Seen>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out Seen item))
                {
                    batch.Add(item);
                }

                // Two tries: a row another instance inserted at the same moment is found on the second.
                for (int attempt = 1; attempt <= 2; attempt++)
                {
                    try
                    {
                        await WriteAsync(batch, stoppingToken);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        if (attempt == 2)
                        {
                            log.LogError(ex, "recording the activity of {Count} device message(s) failed; the next messages of those devices update it", batch.Count);
                        }
                    }
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WriteAsync(List<Seen> batch, CancellationToken ct)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
        FleetDbContext db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        var names = batch.Select(b => b.Device).Distinct(StringComparer.Ordinal).ToList();
        var devices = await db.Set<DeviceCredential>().AsNoTracking().Where(c => names.Contains(c.Username))
            .ToDictionaryAsync(c => c.Username, c => (c.DeviceId, c.TenantId), StringComparer.Ordinal, ct);
        if (devices.Count == 0)
        {
            return;
        }

        var seenIds = devices.Values.Select(d => d.DeviceId).ToList();
        DateTime latest = batch.Max(b => b.At);
        await db.Devices.Where(d => seenIds.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, latest), ct);

        var activityIds = batch.Where(b => b.Kind != SeenKind.Message && devices.ContainsKey(b.Device)).Select(b => devices[b.Device].DeviceId).Distinct().ToList();
        if (activityIds.Count == 0)
        {
            return;
        }

        var rows = await db.Set<DeviceActivityRow>().Where(a => activityIds.Contains(a.DeviceId)).ToDictionaryAsync(a => a.DeviceId, ct);
        foreach (Seen seen in batch)
        {
            if (seen.Kind == SeenKind.Message || !devices.TryGetValue(seen.Device, out var device))
            {
                continue;
            }

            if (!rows.TryGetValue(device.DeviceId, out DeviceActivityRow? row))
            {
                row = new DeviceActivityRow { DeviceId = device.DeviceId, TenantId = device.TenantId };
                db.Add(row);
                rows[device.DeviceId] = row;
            }

            if (seen.Kind == SeenKind.Telemetry)
            {
                row.LastTelemetryAt = Later(row.LastTelemetryAt, seen.At);
                continue;
            }

            row.LastStatusAt = Later(row.LastStatusAt, seen.At);
            if (seen.AlarmEvaluations is long evaluations && evaluations != row.AlarmEvaluations)
            {
                row.AlarmEvaluations = evaluations;
                row.AlarmHeartbeatAt = seen.At;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static DateTime Later(DateTime? current, DateTime at) => current is { } c && c > at ? c : at;
}
