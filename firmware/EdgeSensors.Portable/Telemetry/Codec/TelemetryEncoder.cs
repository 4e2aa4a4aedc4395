using System;
using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Json;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Telemetry.Codec;

/// <summary>
/// Writes batches and alarm events as the contract's JSON (docs/telemetry.md), compact UTF-8, into a caller's
/// byte[]. Members come in a fixed order, so equal messages give equal bytes (the golden files hold it to that).
/// It validates first and writes nothing on a problem; encoding allocates nothing. Not thread-safe: one per producer.
/// </summary>
public sealed class TelemetryEncoder
{
    /// <summary>The longest batch text before the first reading: schema, a 64-character source, backfill false.</summary>
    public const int MaxBatchHeaderBytes = 117;

    /// <summary>
    /// The longest reading: 64-character tag, 25-character value, 16-code-point unit of 6-byte escapes,
    /// a 12-letter quality, a 16-digit time and a 20-digit seq.
    /// </summary>
    public const int MaxReadingBytes = 295;

    /// <summary>The longest alarm event, by the same worst cases.</summary>
    public const int MaxAlarmBytes = 469;

    private readonly JsonBufferWriter _json = new JsonBufferWriter();

    /// <summary>The index of the reading that made the last call fail, or -1.</summary>
    public int ErrorIndex { get; private set; } = -1;

    /// <summary>The buffer size that holds any batch of <paramref name="readings"/> readings.</summary>
    public static int MaxBatchBytes(int readings)
    {
        return MaxBatchHeaderBytes + (readings * (MaxReadingBytes + 1)) - 1 + 2;
    }

    /// <summary>
    /// The quality sent for a reading: a reading without a finite value cannot be good, so "good" with NaN or
    /// infinity is sent as sensor_fault (a KELLER channel error reads as NaN, for example).
    /// </summary>
    public static SignalQuality WireQuality(SignalQuality quality, double value)
    {
        bool finite = !double.IsNaN(value) && !double.IsInfinity(value);
        return finite || quality != SignalQuality.Good ? quality : SignalQuality.SensorFault;
    }

    /// <summary>Writes the batch at destination[offset..]; on any status but Ok nothing is written and length is 0.</summary>
    /// <exception cref="ArgumentNullException">batch or destination is null.</exception>
    public TelemetryEncodeStatus EncodeBatch(TelemetryBatch batch, byte[] destination, int offset, out int length)
    {
        length = 0;
        CheckArguments(batch, destination);
        TelemetryEncodeStatus status = Validate(batch);
        if (status != TelemetryEncodeStatus.Ok)
        {
            return status;
        }

        _json.Reset(destination, offset);
        _json.BeginObject();
        WriteHeader(batch.Source, batch.Backfill);
        _json.WriteName(TelemetryFields.Readings);
        _json.BeginArray();
        for (int i = 0; i < batch.Count; i++)
        {
            TelemetryReading reading = batch[i];
            _json.BeginObject();
            _json.WriteName(TelemetryFields.Tag);
            _json.WriteString(reading.Tag);
            _json.WriteName(TelemetryFields.Value);
            _json.WriteNumberOrNull(reading.Value);
            _json.WriteName(TelemetryFields.Unit);
            _json.WriteString(reading.Unit);
            _json.WriteName(TelemetryFields.Quality);
            _json.WriteString(WireNames.Of(WireQuality(reading.Quality, reading.Value))!);
            _json.WriteName(TelemetryFields.TimeMs);
            _json.WriteInteger(reading.TimeMs);
            _json.WriteName(TelemetryFields.Seq);
            _json.WriteUnsignedAsString(reading.Seq);
            _json.EndObject();
        }

        _json.EndArray();
        _json.EndObject();
        return Finish(offset, out length);
    }

    /// <summary>Writes the alarm event at destination[offset..]; on any status but Ok nothing is written and length is 0.</summary>
    /// <exception cref="ArgumentNullException">alarm or destination is null.</exception>
    public TelemetryEncodeStatus EncodeAlarm(AlarmMessage alarm, byte[] destination, int offset, out int length)
    {
        length = 0;
        CheckArguments(alarm, destination);
        TelemetryEncodeStatus status = Validate(alarm);
        if (status != TelemetryEncodeStatus.Ok)
        {
            return status;
        }

        _json.Reset(destination, offset);
        _json.BeginObject();
        WriteHeader(alarm.Source, alarm.Backfill);
        _json.WriteName(TelemetryFields.Tag);
        _json.WriteString(alarm.Tag);
        _json.WriteName(TelemetryFields.Kind);
        _json.WriteString(WireNames.Of(alarm.Kind)!);
        _json.WriteName(TelemetryFields.State);
        _json.WriteString(WireNames.Of(alarm.State)!);
        _json.WriteName(TelemetryFields.Value);
        _json.WriteNumberOrNull(alarm.Value);
        _json.WriteName(TelemetryFields.Limit);
        _json.WriteNumberOrNull(alarm.Limit);
        _json.WriteName(TelemetryFields.Unit);
        _json.WriteString(alarm.Unit);
        _json.WriteName(TelemetryFields.TimeMs);
        _json.WriteInteger(alarm.TimeMs);
        _json.WriteName(TelemetryFields.Seq);
        _json.WriteUnsignedAsString(alarm.Seq);
        _json.WriteName(TelemetryFields.Latched);
        _json.WriteBoolean(alarm.Latched);
        _json.EndObject();
        return Finish(offset, out length);
    }

    private static void CheckArguments(object message, byte[] destination)
    {
        if (message == null)
        {
            throw new ArgumentNullException("message");
        }

        if (destination == null)
        {
            throw new ArgumentNullException("destination");
        }
    }

    private void WriteHeader(string source, bool backfill)
    {
        _json.WriteName(TelemetryFields.Schema);
        _json.WriteInteger(TelemetryContract.SchemaVersion);
        _json.WriteName(TelemetryFields.Source);
        _json.WriteString(source);
        _json.WriteName(TelemetryFields.Backfill);
        _json.WriteBoolean(backfill);
    }

    private TelemetryEncodeStatus Finish(int offset, out int length)
    {
        length = 0;
        if (_json.Overflowed)
        {
            return TelemetryEncodeStatus.BufferTooSmall;
        }

        length = _json.Position - offset;
        return TelemetryEncodeStatus.Ok;
    }

    private TelemetryEncodeStatus Validate(TelemetryBatch batch)
    {
        ErrorIndex = -1;
        if (!TelemetryNames.IsValidSourceId(batch.Source))
        {
            return TelemetryEncodeStatus.InvalidSource;
        }

        if (batch.Count == 0)
        {
            return TelemetryEncodeStatus.EmptyBatch;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            TelemetryReading reading = batch[i];
            TelemetryEncodeStatus status = ValidateCommon(reading.Tag, reading.Unit, reading.TimeMs);
            if (status == TelemetryEncodeStatus.Ok && WireNames.Of(reading.Quality) == null)
            {
                status = TelemetryEncodeStatus.InvalidEnumValue;
            }

            if (status == TelemetryEncodeStatus.Ok && i > 0 && reading.Seq <= batch[i - 1].Seq)
            {
                status = TelemetryEncodeStatus.SeqNotAscending;
            }

            if (status != TelemetryEncodeStatus.Ok)
            {
                ErrorIndex = i;
                return status;
            }
        }

        return TelemetryEncodeStatus.Ok;
    }

    private TelemetryEncodeStatus Validate(AlarmMessage alarm)
    {
        ErrorIndex = -1;
        if (!TelemetryNames.IsValidSourceId(alarm.Source))
        {
            return TelemetryEncodeStatus.InvalidSource;
        }

        TelemetryEncodeStatus status = ValidateCommon(alarm.Tag, alarm.Unit, alarm.TimeMs);
        if (status != TelemetryEncodeStatus.Ok)
        {
            return status;
        }

        if (WireNames.Of(alarm.Kind) == null || WireNames.Of(alarm.State) == null)
        {
            return TelemetryEncodeStatus.InvalidEnumValue;
        }

        bool limitFinite = !double.IsNaN(alarm.Limit) && !double.IsInfinity(alarm.Limit);
        bool hasLimit = alarm.Kind != AlarmKind.SensorFault;
        return limitFinite == hasLimit ? TelemetryEncodeStatus.Ok : TelemetryEncodeStatus.InvalidLimit;
    }

    private static TelemetryEncodeStatus ValidateCommon(string tag, string unit, long timeMs)
    {
        if (!TelemetryNames.IsValidTag(tag))
        {
            return TelemetryEncodeStatus.InvalidTag;
        }

        if (!TelemetryNames.IsValidUnit(unit))
        {
            return TelemetryEncodeStatus.InvalidUnit;
        }

        if (timeMs < 0 || timeMs > TelemetryContract.MaxTimeMs)
        {
            return TelemetryEncodeStatus.InvalidTime;
        }

        return TelemetryEncodeStatus.Ok;
    }
}
