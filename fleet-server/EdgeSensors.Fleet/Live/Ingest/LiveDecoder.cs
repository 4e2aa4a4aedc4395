using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Fleet.Live.Ingest;

/// <summary>
/// Turns telemetry and alarm payloads into updates with the one contract implementation (the portable
/// <see cref="TelemetryDecoder"/>, docs/telemetry.md). The decoder and its 500-reading batch are allocated once and
/// reused under a lock: the consumer hands messages over one at a time, so the lock is not contended.
/// </summary>
public sealed class LiveDecoder
{
    private readonly Lock _gate = new();
    private readonly TelemetryDecoder _decoder = new();
    private readonly TelemetryBatch _batch = new(TelemetryContract.MaxReadingsPerBatch);
    private readonly AlarmMessage _alarm = new();

    /// <summary>The readings of a telemetry payload of <paramref name="deviceId"/>, or null with the reason.</summary>
    public IReadOnlyList<ReadingUpdate>? DecodeReadings(string deviceId, byte[] payload, out string? error)
    {
        lock (_gate)
        {
            if (_decoder.DecodeBatch(payload, 0, payload.Length, _batch) != TelemetryDecodeStatus.Ok)
            {
                error = _decoder.ErrorMessage;
                return null;
            }

            if (!string.Equals(_batch.Source, deviceId, StringComparison.Ordinal))
            {
                error = $"source \"{_batch.Source}\" differs from the topic's device id \"{deviceId}\"; a device publishes under its own id only";
                return null;
            }

            var readings = new ReadingUpdate[_batch.Count];
            for (int i = 0; i < _batch.Count; i++)
            {
                TelemetryReading r = _batch[i];
                readings[i] = new ReadingUpdate(deviceId, r.Tag, Finite(r.Value), r.Unit, WireNames.Of(r.Quality) ?? WireNames.OutOfRange,
                    TimeOf(r.TimeMs), r.Seq);
            }

            error = null;
            return readings;
        }
    }

    /// <summary>The event of an alarms payload of <paramref name="deviceId"/>, or null with the reason.</summary>
    public AlarmUpdate? DecodeAlarm(string deviceId, byte[] payload, out string? error)
    {
        lock (_gate)
        {
            if (_decoder.DecodeAlarm(payload, 0, payload.Length, _alarm) != TelemetryDecodeStatus.Ok)
            {
                error = _decoder.ErrorMessage;
                return null;
            }

            if (!string.Equals(_alarm.Source, deviceId, StringComparison.Ordinal))
            {
                error = $"source \"{_alarm.Source}\" differs from the topic's device id \"{deviceId}\"; a device publishes under its own id only";
                return null;
            }

            error = null;
            return new AlarmUpdate(deviceId, _alarm.Tag, WireNames.Of(_alarm.Kind) ?? "", WireNames.Of(_alarm.State) ?? "", Finite(_alarm.Value),
                Finite(_alarm.Limit), _alarm.Unit, TimeOf(_alarm.TimeMs), _alarm.Seq, _alarm.Latched);
        }
    }

    /// <summary>The decoder reads null as NaN; JSON views and the database keep it as null.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static DateTime TimeOf(long timeMs) => DateTime.UnixEpoch.AddMilliseconds(timeMs);
}
