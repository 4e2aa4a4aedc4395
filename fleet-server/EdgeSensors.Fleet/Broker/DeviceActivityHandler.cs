using System.Collections.Concurrent;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Data;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Keeps device_activity for the rollout health checks: the last telemetry (at most one update per device per
/// <see cref="TelemetryInterval"/> per instance), the last status, and the alarm-evaluator heartbeat: the time
/// status.alarm_evaluations last changed (docs/telemetry.md). An offline status or the same count does not advance it.
/// Written in batches by <see cref="DeviceActivityWriter"/>.
/// </summary>
internal sealed class DeviceActivityHandler(DeviceActivityWriter writer, TimeProvider time, DeviceActivityHandler.Throttle throttle) : IDeviceMessageHandler
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
        if (telemetry)
        {
            if (throttle.LastTelemetry.TryGetValue(message.DeviceId, out DateTime last) && now - last < TelemetryInterval)
            {
                return;
            }

            throttle.LastTelemetry[message.DeviceId] = now;
            await writer.EnqueueAsync(new DeviceActivityWriter.Seen(message.DeviceId, DeviceActivityWriter.SeenKind.Telemetry, now, null), ct);
            return;
        }

        await writer.EnqueueAsync(new DeviceActivityWriter.Seen(message.DeviceId, DeviceActivityWriter.SeenKind.Status, now, AlarmEvaluations(message.Payload)), ct);
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
