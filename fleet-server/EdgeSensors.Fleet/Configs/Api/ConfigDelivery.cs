using System.Text;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Data;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>
/// Makes a revision the device's desired config: the next delivery revision (monotonic per device, the envelope's
/// revision) with the body's sha256, then, when an MQTT channel and the device's config key exist, publishes the sealed
/// envelope retained. Also records the device's reports.
/// </summary>
public sealed class ConfigDelivery(FleetDbContext db, TimeProvider time, IConfigChannel? channel = null)
{
    /// <summary>Sets the desired config; the caller saves (with its audit entries) and then calls <see cref="PublishAsync"/>.</summary>
    public async Task<DeviceConfigStateRow> SetDesiredAsync(ConfigRevisionRow revision, CancellationToken cancellationToken)
    {
        var state = await StateAsync(revision.TenantId, revision.DeviceId, cancellationToken);
        state.DesiredRevision++;
        state.DesiredSha256 = revision.Sha256;
        state.DesiredConfigRevisionId = revision.Id;
        state.DesiredAt = time.UtcNow();
        return state;
    }

    /// <summary>Publishes the sealed desired config; false when there is no channel or no key yet (the drift view shows it pending).</summary>
    public async Task<bool> PublishAsync(string deviceName, DeviceConfigStateRow state, string body, CancellationToken cancellationToken)
    {
        if (channel is null || state.ConfigKey is null)
        {
            return false;
        }

        byte[] document = ConfigEnvelope.Seal(state.DesiredRevision, Encoding.UTF8.GetBytes(body), state.ConfigKey);
        await channel.PublishDesiredAsync(deviceName, document, cancellationToken);
        return true;
    }

    /// <summary>Records what a device reported on {prefix}/{id}/config/reported.</summary>
    public async Task RecordReportAsync(Guid tenantId, Guid deviceId, ConfigReport report, CancellationToken cancellationToken)
    {
        var state = await StateAsync(tenantId, deviceId, cancellationToken);
        state.ReportedRevision = (int)Math.Min(report.Revision, int.MaxValue);
        state.ReportedSha256 = report.Sha256;
        state.ReportedStatus = report.Status;
        state.ReportedReason = report.Reason is { Length: > 0 } reason ? reason[..Math.Min(reason.Length, Limits.Description)] : null;
        state.ReportedAt = time.UtcNow();
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
