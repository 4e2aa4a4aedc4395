using EdgeSensors.Fleet.Data;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>
/// What a device tells about itself (versions, liveness), for the broker side to call. Not audited: these are
/// observations, not changes someone made. Works in any tenant scope because the device id is the key.
/// </summary>
public sealed class DeviceReports(FleetDbContext db, TimeProvider time)
{
    /// <summary>Stores the versions a device reported; returns false when the device is unknown.</summary>
    public async Task<bool> RecordVersionsAsync(Guid deviceId, string? hardware, string? firmware, string? software,
        CancellationToken cancellationToken = default)
    {
        var device = await db.Devices.IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return false;
        }

        var now = time.UtcNow();
        device.HardwareVersion = Clip(hardware);
        device.FirmwareVersion = Clip(firmware);
        device.SoftwareVersion = Clip(software);
        device.VersionsReportedAt = now;
        device.LastSeenAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Notes that the device was heard from now.</summary>
    public async Task<bool> TouchAsync(Guid deviceId, CancellationToken cancellationToken = default) =>
        await db.Devices.IgnoreQueryFilters().Where(d => d.Id == deviceId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, time.UtcNow()), cancellationToken) > 0;

    private static string? Clip(string? version) =>
        version is { Length: > Limits.Version } ? version[..Limits.Version] : version;
}
