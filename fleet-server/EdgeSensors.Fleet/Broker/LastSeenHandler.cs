using System.Collections.Concurrent;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Broker;

/// <summary>Keeps devices.LastSeenAt: at most one write per device per <see cref="Interval"/>, not one per message.</summary>
internal sealed class LastSeenHandler(FleetDbContext db, CurrentTenant tenant, TimeProvider time, LastSeenHandler.Throttle throttle) : IDeviceMessageHandler
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(DeviceMessage message, CancellationToken ct)
    {
        DateTime now = time.UtcNow();
        if (throttle.Last.TryGetValue(message.DeviceId, out DateTime last) && now - last < Interval)
        {
            return;
        }

        throttle.Last[message.DeviceId] = now;
        tenant.EnterSystemScope();
        await db.Devices
            .Where(d => db.Set<DeviceCredential>().Any(c => c.DeviceId == d.Id && c.Username == message.DeviceId))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastSeenAt, now), ct);
    }

    /// <summary>When each device was last written, per server instance.</summary>
    internal sealed class Throttle
    {
        public ConcurrentDictionary<string, DateTime> Last { get; } = new();
    }
}
