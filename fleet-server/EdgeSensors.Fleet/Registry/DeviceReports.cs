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
        // One UPDATE, no tracked row: an observation must not race the device's Version (the API's concurrency token).
        var now = time.UtcNow();
        string? hw = Clip(hardware), fw = Clip(firmware), sw = Clip(software);
        return await db.Devices.IgnoreQueryFilters().Where(d => d.Id == deviceId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.HardwareVersion, hw)
            .SetProperty(d => d.FirmwareVersion, fw)
            .SetProperty(d => d.SoftwareVersion, sw)
            .SetProperty(d => d.VersionsReportedAt, now)
            .SetProperty(d => d.LastSeenAt, now), cancellationToken) > 0;
    }

    /// <summary>Notes that the device was heard from now.</summary>
    public async Task<bool> TouchAsync(Guid deviceId, CancellationToken cancellationToken = default) =>
        await db.Devices.IgnoreQueryFilters().Where(d => d.Id == deviceId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, time.UtcNow()), cancellationToken) > 0;

    private static string? Clip(string? version) =>
        version is { Length: > Limits.Version } ? version[..Limits.Version] : version;
}
