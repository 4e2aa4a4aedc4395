using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Live.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Live.Api;

/// <summary>
/// Live data for the dashboard, read from the database (so any instance answers): GET /api/devices/{id}/live (latest
/// readings and active alarms of a device, polled by the device page) and GET /api/alarms/active (the tenant's active
/// alarms, optionally of one site).
/// </summary>
public static class LiveApi
{
    /// <summary>At most this many active alarms are listed (newest first).</summary>
    public const int MaxAlarms = 1000;

    public static RouteGroupBuilder MapLiveApi(this RouteGroupBuilder api)
    {
        api.MapGet("/devices/{deviceId:guid}/live", DeviceLive).WithTags("Live").RequireAuthorization(Permissions.LiveRead);
        api.MapGet("/alarms/active", ActiveAlarms).WithTags("Live").RequireAuthorization(Permissions.LiveRead);
        return api;
    }

    public static async Task<Results<Ok<DeviceLiveView>, ProblemHttpResult>> DeviceLive(Guid deviceId, FleetDbContext db, TimeProvider time, CancellationToken ct)
    {
        var device = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => new { d.Id, d.Name }).FirstOrDefaultAsync(ct);
        if (device is null)
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var readings = await db.Set<LiveReadingRow>().AsNoTracking().Where(r => r.DeviceId == deviceId).OrderBy(r => r.Tag).ToListAsync(ct);
        var alarms = await db.Set<LiveAlarmRow>().AsNoTracking().Where(a => a.DeviceId == deviceId && a.Active)
            .OrderBy(a => a.Tag).ThenBy(a => a.Kind).ToListAsync(ct);
        return TypedResults.Ok(new DeviceLiveView(deviceId, time.UtcNow(), [.. readings.Select(LiveReadingView.Of)],
            [.. alarms.Select(a => LiveAlarmView.Of(a, device.Name))]));
    }

    public static async Task<Ok<LiveAlarmView[]>> ActiveAlarms(Guid? siteId, FleetDbContext db, CancellationToken ct)
    {
        var devices = db.Devices.AsNoTracking();
        if (siteId is { } site)
        {
            devices = devices.Where(d => d.SiteId == site);
        }

        var rows = await db.Set<LiveAlarmRow>().AsNoTracking().Where(a => a.Active)
            .Join(devices, a => a.DeviceId, d => d.Id, (a, d) => new { Alarm = a, d.Name })
            .OrderByDescending(x => x.Alarm.ChangedAt).Take(MaxAlarms).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(x => LiveAlarmView.Of(x.Alarm, x.Name)).ToArray());
    }
}
