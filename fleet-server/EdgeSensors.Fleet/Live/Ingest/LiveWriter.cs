using System.Threading.Channels;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Live.Gaps;
using EdgeSensors.Fleet.Live.History;
using EdgeSensors.Fleet.Live.Storage;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Live.Ingest;

/// <summary>
/// Writes queued readings and alarm events into live_readings and live_alarms, in batches: it gathers what arrives
/// within <see cref="FlushInterval"/> (up to <see cref="BatchSize"/> updates), keeps only the newest reading per
/// device and tag, and saves the batch with one query per table to load, one transaction to write. Seq is a
/// concurrency token, so when two instances write the same row at once the loser reloads and applies again (newest
/// seq wins either way). Updates of an id no enrolled device has are dropped with a warning. Every alarm event of an
/// enrolled device is also appended to alarm_events (Live/History) in the same transaction, also the ones too old to
/// change the live state (a backfill); an event already stored under its (device, seq) is not stored again.
/// </summary>
internal sealed class LiveWriter(IServiceScopeFactory scopes, TimeProvider time, ILogger<LiveWriter> log) : BackgroundService
{
    public const int BatchSize = 5000;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);
    private const int Attempts = 5;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(ReadingUpdate reading, CancellationToken ct) => _queue.Writer.WriteAsync(reading, ct);

    public ValueTask EnqueueAsync(AlarmUpdate alarm, CancellationToken ct) => _queue.Writer.WriteAsync(alarm, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<object>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Throttle: let a burst accumulate, so a busy gateway costs one write per interval, not one per reading.
                await Task.Delay(FlushInterval, time, stoppingToken);
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out object? item))
                {
                    batch.Add(item);
                }

                await WriteWithRetryAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is the latest state of a cache; devices send again.
        }
    }

    private async Task WriteWithRetryAsync(List<object> batch, CancellationToken ct)
    {
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await WriteAsync(batch, ct);
                return;
            }
            catch (DbUpdateException ex) when (attempt < Attempts)
            {
                // Another instance inserted or changed one of these rows first: reload and apply again.
                log.LogDebug("live batch of {Count} update(s) collided with another writer ({Error}); retrying", batch.Count, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "recording {Count} live reading(s)/alarm event(s) failed; the next messages of these devices replace them", batch.Count);
                return;
            }
        }
    }

    /// <summary>The history keys of these events that are stored already (a duplicate, or an earlier backfill of the same seq).</summary>
    private static async Task<HashSet<string>> StoredKeysAsync(FleetDbContext db, List<AlarmUpdate> alarms,
        Dictionary<string, (Guid DeviceId, Guid TenantId)> devices, CancellationToken ct)
    {
        var keys = alarms.Where(a => devices.ContainsKey(a.Source)).Select(a => AlarmEventRow.KeyOf(devices[a.Source].DeviceId, a.Seq)).Distinct().ToList();
        var stored = await db.Set<AlarmEventRow>().Where(e => keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(ct);
        return stored.ToHashSet(StringComparer.Ordinal);
    }

    private static void AppendHistory(FleetDbContext db, List<AlarmUpdate> alarms, Dictionary<string, (Guid DeviceId, Guid TenantId)> devices,
        HashSet<string> stored, DateTime now)
    {
        foreach (AlarmUpdate alarm in alarms)
        {
            if (!devices.TryGetValue(alarm.Source, out var device) || !stored.Add(AlarmEventRow.KeyOf(device.DeviceId, alarm.Seq)))
            {
                continue;
            }

            db.Add(new AlarmEventRow
            {
                Key = AlarmEventRow.KeyOf(device.DeviceId, alarm.Seq),
                DeviceId = device.DeviceId,
                TenantId = device.TenantId,
                Source = alarm.Source,
                Tag = alarm.Tag,
                Kind = alarm.Kind,
                State = alarm.State,
                Value = alarm.Value,
                Limit = alarm.Limit,
                Unit = alarm.Unit,
                Latched = alarm.Latched,
                EventAt = alarm.ChangedAt,
                Seq = LiveState.SeqKey(alarm.Seq),
                ReceivedAt = now,
            });
        }
    }

    /// <summary>Adds this batch's seqs to each device's received ranges (Live/Gaps); Version guards against a concurrent merge.</summary>
    private static async Task MergeCoverageAsync(FleetDbContext db, Dictionary<string, List<long>> seqs, Dictionary<string, (Guid DeviceId, Guid TenantId)> devices,
        DateTime now, CancellationToken ct)
    {
        var ids = seqs.Keys.Where(devices.ContainsKey).Select(s => devices[s].DeviceId).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var rows = await db.Set<SeqCoverageRow>().Where(c => ids.Contains(c.DeviceId)).ToDictionaryAsync(c => c.DeviceId, ct);
        foreach ((string source, List<long> received) in seqs)
        {
            if (!devices.TryGetValue(source, out var device))
            {
                continue;
            }

            if (!rows.TryGetValue(device.DeviceId, out SeqCoverageRow? row))
            {
                row = new SeqCoverageRow { DeviceId = device.DeviceId, TenantId = device.TenantId };
                db.Add(row);
            }

            string merged = SeqRanges.Format(SeqRanges.Merge(SeqRanges.Parse(row.Ranges), received));
            if (merged != row.Ranges)
            {
                row.Ranges = merged;
                row.UpdatedAt = now;
                row.Version++;
            }
        }
    }

    private async Task WriteAsync(List<object> batch, CancellationToken ct)
    {
        // Newest reading per (device, tag) only: older ones in the same batch would be overwritten anyway.
        var readings = new Dictionary<(string Source, string Tag), ReadingUpdate>();
        var alarms = new List<AlarmUpdate>();
        var seqs = new Dictionary<string, List<long>>(StringComparer.Ordinal); // every seq, before the newest-only cut, for the gap view
        foreach (object item in batch)
        {
            (string source, ulong seq) = item switch
            {
                ReadingUpdate u => (u.Source, u.Seq),
                AlarmUpdate u => (u.Source, u.Seq),
                _ => ("", 0UL),
            };
            if (source.Length > 0 && seq <= long.MaxValue)
            {
                if (!seqs.TryGetValue(source, out List<long>? list))
                {
                    seqs[source] = list = [];
                }

                list.Add((long)seq);
            }

            if (item is ReadingUpdate r)
            {
                if (!readings.TryGetValue((r.Source, r.Tag), out ReadingUpdate? held) || r.Seq > held.Seq)
                {
                    readings[(r.Source, r.Tag)] = r;
                }
            }
            else if (item is AlarmUpdate a)
            {
                alarms.Add(a);
            }
        }

        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
        FleetDbContext db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        var names = readings.Keys.Select(k => k.Source).Concat(alarms.Select(a => a.Source)).Distinct(StringComparer.Ordinal).ToList();
        var devices = await db.Set<DeviceCredential>().AsNoTracking().Where(c => names.Contains(c.Username))
            .ToDictionaryAsync(c => c.Username, c => (c.DeviceId, c.TenantId), StringComparer.Ordinal, ct);
        foreach (string unknown in names.Where(n => !devices.ContainsKey(n)))
        {
            log.LogWarning("live data of {Device} ignored: no enrolled device has that id", unknown);
        }

        var ids = devices.Values.Select(d => d.DeviceId).ToList();
        DateTime now = time.UtcNow();
        if (readings.Count > 0)
        {
            var rows = await db.Set<LiveReadingRow>().Where(r => ids.Contains(r.DeviceId)).ToDictionaryAsync(r => (r.DeviceId, r.Tag), ct);
            foreach (ReadingUpdate reading in readings.Values)
            {
                if (!devices.TryGetValue(reading.Source, out var device))
                {
                    continue;
                }

                if (!rows.TryGetValue((device.DeviceId, reading.Tag), out LiveReadingRow? row))
                {
                    row = new LiveReadingRow { DeviceId = device.DeviceId, TenantId = device.TenantId, Tag = reading.Tag };
                    db.Add(row);
                    rows[(row.DeviceId, row.Tag)] = row;
                }

                LiveState.Apply(row, reading, now);
            }
        }

        if (alarms.Count > 0)
        {
            var rows = await db.Set<LiveAlarmRow>().Where(a => ids.Contains(a.DeviceId)).ToDictionaryAsync(a => (a.DeviceId, a.Tag, a.Kind), ct);
            foreach (AlarmUpdate alarm in alarms.OrderBy(a => a.Seq))
            {
                if (!devices.TryGetValue(alarm.Source, out var device))
                {
                    continue;
                }

                if (!rows.TryGetValue((device.DeviceId, alarm.Tag, alarm.Kind), out LiveAlarmRow? row))
                {
                    row = new LiveAlarmRow { DeviceId = device.DeviceId, TenantId = device.TenantId, Tag = alarm.Tag, Kind = alarm.Kind };
                    db.Add(row);
                    rows[(row.DeviceId, row.Tag, row.Kind)] = row;
                }

                LiveState.Apply(row, alarm, now);
            }

            AppendHistory(db, alarms, devices, await StoredKeysAsync(db, alarms, devices, ct), now);
        }

        await MergeCoverageAsync(db, seqs, devices, now, ct);
        await db.SaveChangesAsync(ct);
    }
}
