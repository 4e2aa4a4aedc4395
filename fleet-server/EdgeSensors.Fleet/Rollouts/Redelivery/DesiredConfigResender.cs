using EdgeSensors.Fleet.Configs.Api;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Rollouts.Engine;
using EdgeSensors.Fleet.Rollouts.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Rollouts.Redelivery;

/// <summary>
/// Sends a device's desired config again, unchanged (same delivery revision and body), when it was published more than
/// <see cref="RolloutOptions.RepublishAfterSeconds"/> ago and the device has not reported on it: a revision submitted
/// directly (not through a rollout) whose publish the broker refused or timed out is not lost. Devices of a running
/// rollout are left to the rollout, which resends its own. A device that already runs it answers the redelivery as
/// "already running" (docs/config-delivery.md). Run by the engine's instance at every tick, at most
/// <see cref="BatchSize"/> devices per tick, oldest first.
/// </summary>
public sealed class DesiredConfigResender(FleetDbContext db, ConfigDelivery delivery, TimeProvider time, IOptions<RolloutOptions> options, ILogger<DesiredConfigResender> log)
{
    public const int BatchSize = 500;

    /// <summary>Resends what is due; returns how many configs were published again.</summary>
    public async Task<int> ResendDueAsync(CancellationToken ct)
    {
        DateTime now = time.UtcNow();
        DateTime before = now.AddSeconds(-Math.Max(1, options.Value.RepublishAfterSeconds));
        IQueryable<Guid> inRunningRollout = db.Set<RolloutDeviceRow>()
            .Where(d => db.Set<RolloutRow>().Any(r => r.Id == d.RolloutId && r.Status == RolloutStatus.Running)).Select(d => d.DeviceId);
        List<DeviceConfigStateRow> due = await db.Set<DeviceConfigStateRow>()
            .Where(s => s.DesiredConfigRevisionId != null && s.DesiredAt != null && s.DesiredAt < before
                && (s.ReportedRevision == null || s.ReportedRevision < s.DesiredRevision)
                && !inRunningRollout.Contains(s.DeviceId))
            .OrderBy(s => s.DesiredAt).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var revisionIds = due.Select(s => s.DesiredConfigRevisionId!.Value).ToList();
        var bodies = await db.Set<ConfigRevisionRow>().AsNoTracking().Where(r => revisionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Body, ct);
        var deviceIds = due.Select(s => s.DeviceId).ToList();
        var credentials = await db.Set<DeviceCredential>().AsNoTracking().Where(c => deviceIds.Contains(c.DeviceId) && c.RevokedAt == null)
            .ToDictionaryAsync(c => c.DeviceId, c => (c.Username, c.ConfigKey), ct);
        var names = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        int sent = 0;
        foreach (DeviceConfigStateRow state in due)
        {
            // Due again only after another interval, whether or not this publish succeeds.
            state.DesiredAt = now;
            bool enrolled = credentials.TryGetValue(state.DeviceId, out var credential);
            byte[]? key = enrolled ? credential.ConfigKey : state.ConfigKey;
            string? wireId = enrolled ? credential.Username : names.GetValueOrDefault(state.DeviceId);
            if (key is null || wireId is null || !bodies.TryGetValue(state.DesiredConfigRevisionId!.Value, out string? body))
            {
                continue;
            }

            if (await delivery.PublishSealedAsync(wireId, key, state.DesiredRevision, body, ct))
            {
                sent++;
            }
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("sent {Sent} desired config(s) again that had no report after {Seconds} s", sent, options.Value.RepublishAfterSeconds);
        return sent;
    }
}
