using System.Collections.Concurrent;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Data;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Keeps devices.LastSeenAt: at most one update per device per <see cref="Interval"/>, not one per message, written in
/// batches by <see cref="DeviceActivityWriter"/>.
/// </summary>
internal sealed class LastSeenHandler(DeviceActivityWriter writer, TimeProvider time, LastSeenHandler.Throttle throttle) : IDeviceMessageHandler
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
        await writer.EnqueueAsync(new DeviceActivityWriter.Seen(message.DeviceId, DeviceActivityWriter.SeenKind.Message, now, null), ct);
    }

    /// <summary>When each device was last written, per server instance.</summary>
    internal sealed class Throttle
    {
        public ConcurrentDictionary<string, DateTime> Last { get; } = new();
    }
}
