using System.Collections.Concurrent;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Rollouts.Storage;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Keeps device_activity for the rollout health checks: the last telemetry (at most one write per device per
/// <see cref="TelemetryInterval"/> per instance), the last status, and the alarm-evaluator heartbeat: the time
/// status.alarm_evaluations last changed (docs/telemetry.md). An offline status or the same count does not advance it.
/// </summary>
internal sealed class DeviceActivityHandler(FleetDbContext db, CurrentTenant tenant, TimeProvider time, DeviceActivityHandler.Throttle throttle, ILogger<DeviceActivityHandler> log)
    : IDeviceMessageHandler
{
    public static readonly TimeSpan TelemetryInterval = TimeSpan.FromSeconds(1);

    public async Task HandleAsync(DeviceMessage message, CancellationToken ct)
    {
        bool telemetry = message.Kind == "telemetry";
        if (!telemetry && message.Kind != "status")
        {
            return;
        }

        DateTime now = time.UtcNow();
        if (telemetry && throttle.LastTelemetry.TryGetValue(message.DeviceId, out DateTime last) && now - last < TelemetryInterval)
        {
            return;
        }

        tenant.EnterSystemScope();
        var device = await db.Set<DeviceCredential>().AsNoTracking().Where(c => c.Username == message.DeviceId)
            .Select(c => new { c.DeviceId, c.TenantId }).FirstOrDefaultAsync(ct);
        if (device is null)
        {
            return;
        }

        DeviceActivityRow? row = await db.Set<DeviceActivityRow>().FirstOrDefaultAsync(a => a.DeviceId == device.DeviceId, ct);
        if (row is null)
        {
            row = new DeviceActivityRow { DeviceId = device.DeviceId, TenantId = device.TenantId };
            db.Add(row);
        }

        if (telemetry)
        {
            row.LastTelemetryAt = now;
            throttle.LastTelemetry[message.DeviceId] = now;
        }
        else
        {
            row.LastStatusAt = now;
            if (AlarmEvaluations(message.Payload) is long evaluations && evaluations != row.AlarmEvaluations)
            {
                row.AlarmEvaluations = evaluations;
                row.AlarmHeartbeatAt = now;
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Another instance inserted the same device's row at the same moment; its next message updates it.
            log.LogDebug("device activity of {Device} not saved: {Error}", message.DeviceId, ex.Message);
        }
    }

    /// <summary>status.alarm_evaluations of an online status; null for offline, or a payload without it.</summary>
    private static long? AlarmEvaluations(byte[] payload)
    {
        try
        {
            using JsonDocument status = JsonDocument.Parse(payload);
            JsonElement root = status.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || (root.TryGetProperty("state", out JsonElement state) && state.ValueKind == JsonValueKind.String && state.GetString() == "offline"))
            {
                return null;
            }

            return root.TryGetProperty("alarm_evaluations", out JsonElement count) && count.TryGetInt64(out long value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>When each device's telemetry was last written, per server instance.</summary>
    internal sealed class Throttle
    {
        public ConcurrentDictionary<string, DateTime> LastTelemetry { get; } = new();
    }
}
