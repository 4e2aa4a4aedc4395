using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Consumers;

namespace EdgeSensors.Fleet.Live.Ingest;

/// <summary>
/// Takes {prefix}/{id}/telemetry and {prefix}/{id}/alarms off the consumer, decodes them with the shared contract and
/// queues the updates for <see cref="LiveWriter"/>, which writes them in batches. A payload the contract rejects is
/// logged with the device and the field at fault, and dropped.
/// </summary>
internal sealed class LiveMessageHandler(LiveDecoder decoder, LiveWriter writer, ILogger<LiveMessageHandler> log) : IDeviceMessageHandler
{
    public const string TelemetryKind = "telemetry";
    public const string AlarmsKind = "alarms";

    public async Task HandleAsync(DeviceMessage message, CancellationToken ct)
    {
        if (message.Kind == TelemetryKind)
        {
            IReadOnlyList<ReadingUpdate>? readings = decoder.DecodeReadings(message.DeviceId, message.Payload, out string? error);
            if (readings is null)
            {
                log.LogWarning("telemetry of {Device} ignored: {Error}", message.DeviceId, error);
                return;
            }

            foreach (ReadingUpdate reading in readings)
            {
                await writer.EnqueueAsync(reading, ct);
            }
        }
        else if (message.Kind == AlarmsKind)
        {
            AlarmUpdate? alarm = decoder.DecodeAlarm(message.DeviceId, message.Payload, out string? error);
            if (alarm is null)
            {
                log.LogWarning("alarm event of {Device} ignored: {Error}", message.DeviceId, error);
                return;
            }

            await writer.EnqueueAsync(alarm, ct);
        }
    }
}
