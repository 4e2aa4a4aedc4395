using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Configs.Api;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Records {prefix}/{id}/config/reported into the device's config state (reported revision, sha256, status, reason), so
/// the drift view and the rollout engine see what the device did. A malformed report is logged with the device and
/// the member at fault and not recorded.
/// </summary>
internal sealed class ConfigReportHandler(FleetDbContext db, CurrentTenant tenant, ConfigDelivery delivery, ILogger<ConfigReportHandler> log) : IDeviceMessageHandler
{
    public const string Kind = "config/reported";

    public async Task HandleAsync(DeviceMessage message, CancellationToken ct)
    {
        if (message.Kind != Kind)
        {
            return;
        }

        ConfigReport? report = ConfigReport.TryParse(message.Payload, out string? error);
        if (report is null)
        {
            log.LogWarning("config report of {Device} ignored: {Error}", message.DeviceId, error);
            return;
        }

        tenant.EnterSystemScope();
        var device = await db.Set<DeviceCredential>().AsNoTracking().Where(c => c.Username == message.DeviceId)
            .Select(c => new { c.DeviceId, c.TenantId }).FirstOrDefaultAsync(ct);
        if (device is null)
        {
            log.LogWarning("config report of {Device} ignored: no enrolled device has that id", message.DeviceId);
            return;
        }

        await delivery.RecordReportAsync(device.TenantId, device.DeviceId, report, ct);
        await db.SaveChangesAsync(ct);
    }
}
