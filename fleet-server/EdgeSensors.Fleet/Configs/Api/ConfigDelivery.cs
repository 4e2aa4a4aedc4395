using System.Text;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>
/// Makes a revision the device's desired config: the next delivery revision (monotonic per device, the envelope's
/// revision) with the body's sha256, then, when an MQTT channel and the device's config key exist, publishes the sealed
/// envelope retained. Also records the device's reports.
/// </summary>
public sealed class ConfigDelivery(FleetDbContext db, TimeProvider time, IConfigChannel? channel = null, ILogger<ConfigDelivery>? log = null)
{
    /// <summary>Sets the desired config; the caller saves (with its audit entries) and then calls <see cref="PublishAsync"/>.</summary>
    public async Task<DeviceConfigStateRow> SetDesiredAsync(ConfigRevisionRow revision, CancellationToken cancellationToken)
    {
        var state = await StateAsync(revision.TenantId, revision.DeviceId, cancellationToken);
        SetDesired(state, revision, time.UtcNow());
        return state;
    }

    /// <summary>The next delivery revision of <paramref name="state"/> carries <paramref name="revision"/>'s body.</summary>
    public static void SetDesired(DeviceConfigStateRow state, ConfigRevisionRow revision, DateTime now)
    {
        state.DesiredRevision++;
        state.DesiredSha256 = revision.Sha256;
        state.DesiredConfigRevisionId = revision.Id;
        state.DesiredAt = now;
    }

    /// <summary>
    /// Publishes the sealed desired config, retained, to the device's config topic. The key and the wire id are the
    /// device's enrolment credential (device_credentials.ConfigKey, Username); a device without one uses
    /// device_config_states.ConfigKey and its registry name. False when there is no channel or no key yet, or the broker
    /// did not take it (logged): the drift view then shows the device pending.
    /// </summary>
    public async Task<bool> PublishAsync(string deviceName, DeviceConfigStateRow state, string body, CancellationToken cancellationToken)
    {
        if (channel is null)
        {
            return false;
        }

        var credential = await db.Set<DeviceCredential>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.DeviceId == state.DeviceId).Select(c => new { c.Username, c.ConfigKey }).FirstOrDefaultAsync(cancellationToken);
        byte[]? key = credential?.ConfigKey ?? state.ConfigKey;
        if (key is null)
        {
            return false;
        }

        return await PublishSealedAsync(credential?.Username ?? deviceName, key, state.DesiredRevision, body, cancellationToken);
    }

    /// <summary>Seals <paramref name="body"/> as delivery revision <paramref name="deliveryRevision"/> with <paramref name="key"/> and publishes it; false (logged) when it could not.</summary>
    public async Task<bool> PublishSealedAsync(string wireId, byte[] key, int deliveryRevision, string body, CancellationToken cancellationToken)
    {
        if (channel is null)
        {
            return false;
        }

        byte[] document = ConfigEnvelope.Seal(deliveryRevision, Encoding.UTF8.GetBytes(body), key);
        try
        {
            await channel.PublishDesiredAsync(wireId, document, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log?.LogWarning("config delivery to {Device} (delivery revision {Revision}) failed: {Error}; the drift view shows it pending until the next publish", wireId, deliveryRevision, ex.Message);
            return false;
        }
    }

    /// <summary>Records what a device reported on {prefix}/{id}/config/reported.</summary>
    public async Task RecordReportAsync(Guid tenantId, Guid deviceId, ConfigReport report, CancellationToken cancellationToken)
    {
        var state = await StateAsync(tenantId, deviceId, cancellationToken);
        Record(state, report, time.UtcNow());
    }

    /// <summary>Puts a device's report into its config state.</summary>
    public static void Record(DeviceConfigStateRow state, ConfigReport report, DateTime now)
    {
        state.ReportedRevision = (int)Math.Min(report.Revision, int.MaxValue);
        state.ReportedSha256 = report.Sha256;
        state.ReportedStatus = report.Status;
        state.ReportedReason = report.Reason is { Length: > 0 } reason ? reason[..Math.Min(reason.Length, Limits.Description)] : null;
        state.ReportedAt = now;
    }

    private async Task<DeviceConfigStateRow> StateAsync(Guid tenantId, Guid deviceId, CancellationToken cancellationToken)
    {
        var state = await db.Set<DeviceConfigStateRow>().FirstOrDefaultAsync(s => s.DeviceId == deviceId, cancellationToken);
        if (state is null)
        {
            state = new DeviceConfigStateRow { DeviceId = deviceId, TenantId = tenantId };
            db.Add(state);
        }

        return state;
    }
}
