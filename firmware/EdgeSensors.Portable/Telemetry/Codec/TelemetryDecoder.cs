using System;
using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Json;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Telemetry.Codec;

/// <summary>
/// Reads the contract's payloads back, strictly: exactly the members of docs/telemetry.md, "schema" first, in
/// any order after it, with the types, wire names, ranges and rules the schema states. A payload is accepted
/// whole or rejected whole, with the member path, the byte offset and the reason. For any payload bytes it
/// returns a status and never throws; it throws only for invalid arguments (null, offset/count outside the array).
/// Not thread-safe: one per consumer thread. Reading allocates only the strings it returns.
/// </summary>
public sealed class TelemetryDecoder
{
    // Member names longer than this are not the contract's (the longest is 8 characters).
    private const int MaxMemberName = 32;

    private const int FieldSource = 1;
    private const int FieldBackfill = 2;
    private const int FieldReadings = 4;
    private const int FieldTag = 8;
    private const int FieldValue = 16;
    private const int FieldUnit = 32;
    private const int FieldQuality = 64;
    private const int FieldTimeMs = 128;
    private const int FieldSeq = 256;
    private const int FieldKind = 512;
    private const int FieldState = 1024;
    private const int FieldLimit = 2048;
    private const int FieldLatched = 4096;

    private const int FieldSchemaAgain = 8192;

    private const int BatchFields = FieldSource | FieldBackfill | FieldReadings;
    private const int ReadingFields = FieldTag | FieldValue | FieldUnit | FieldQuality | FieldTimeMs | FieldSeq;
    private const int AlarmFields = FieldSource | FieldBackfill | FieldTag | FieldKind | FieldState | FieldValue | FieldLimit | FieldUnit | FieldTimeMs | FieldSeq | FieldLatched;

    private readonly StrictJsonReader _json = new StrictJsonReader();
    private readonly char[] _chars = new char[2 * TelemetryContract.MaxNameLength];
    private int _nameLength;
    private int _readingIndex;
    private string _field = "";

    // One reading or alarm being read; copied into the destination once complete.
    private string _source = "";
    private bool _backfill;
    private string _tag = "";
    private double _value;
    private string _unit = "";
    private SignalQuality _quality;
    private AlarmKind _kind;
    private AlarmEventType _state;
    private double _limit;
    private ulong _timeMs;
    private ulong _seq;
    private bool _latched;

    public TelemetryDecodeStatus Status { get; private set; }

    /// <summary>The member the problem is in, for example "readings[3].quality"; "" when it is the payload's structure.</summary>
    public string ErrorField { get; private set; } = "";

    /// <summary>The problem's byte offset from the start of the payload.</summary>
    public int ErrorOffset { get; private set; }

    /// <summary>One line for a log: field, reason and byte offset.</summary>
    public string ErrorMessage { get; private set; } = "";

    /// <summary>Decodes a telemetry-topic payload into <paramref name="into"/> (cleared first; partial on failure).</summary>
    /// <exception cref="ArgumentNullException">payload or into is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">offset or count lies outside payload.</exception>
    public TelemetryDecodeStatus DecodeBatch(byte[] payload, int offset, int count, TelemetryBatch into)
    {
        if (into == null)
        {
            throw new ArgumentNullException("into");
        }

        Begin(payload, offset, count);
        into.Clear();
        if (ReadBatch(into))
        {
            Status = TelemetryDecodeStatus.Ok;
        }

        return Status;
    }

    /// <summary>Decodes an alarms-topic payload into <paramref name="into"/> (left unchanged on failure).</summary>
    /// <exception cref="ArgumentNullException">payload or into is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">offset or count lies outside payload.</exception>
    public TelemetryDecodeStatus DecodeAlarm(byte[] payload, int offset, int count, AlarmMessage into)
    {
        if (into == null)
        {
            throw new ArgumentNullException("into");
        }

        Begin(payload, offset, count);
        if (ReadAlarm(into))
        {
            Status = TelemetryDecodeStatus.Ok;
        }

        return Status;
    }

    private void Begin(byte[] payload, int offset, int count)
    {
        if (payload == null)
        {
            throw new ArgumentNullException("payload");
        }

        if (offset < 0 || count < 0 || offset > payload.Length || count > payload.Length - offset)
        {
            throw new ArgumentOutOfRangeException("count", "offset " + offset.ToString() + " and count " + count.ToString() + " lie outside a payload of " + payload.Length.ToString() + " bytes");
        }

        _json.Reset(payload, offset, count);
        Status = TelemetryDecodeStatus.Malformed;
        ErrorField = "";
        ErrorOffset = 0;
        ErrorMessage = "";
        _readingIndex = -1;
        _field = "";
    }

    private bool ReadBatch(TelemetryBatch into)
    {
        if (!ReadHeader())
        {
            return false;
        }

        int seen = 0;
        while (_json.TryConsume(','))
        {
            int at = _json.NextTokenOffset();
            if (!ReadMemberName())
            {
                return false;
            }

            int field = BatchField();
            if (!Once(ref seen, field, at))
            {
                return false;
            }

            bool ok;
            switch (field)
            {
                case FieldSource:
                    ok = ReadSource();
                    break;
                case FieldBackfill:
                    ok = _json.ReadBoolean(out _backfill) || FromReader();
                    break;
                default:
                    ok = ReadReadings(into);
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        _field = "";
        if (!CloseObject() || !Complete(seen, BatchFields, _json.Offset - 1) || !(_json.ExpectEnd() || FromReader()))
        {
            return false;
        }

        into.Source = _source;
        into.Backfill = _backfill;
        return true;
    }

    private bool ReadReadings(TelemetryBatch into)
    {
        if (!_json.ReadArrayStart())
        {
            return FromReader();
        }

        if (_json.TryConsume(']'))
        {
            return Fail(TelemetryDecodeStatus.InvalidValue, "a batch needs at least one reading", _json.Offset - 1);
        }

        do
        {
            _readingIndex = into.Count;
            _field = "";
            int at = _json.NextTokenOffset();
            if (into.Count == into.Capacity)
            {
                return Fail(TelemetryDecodeStatus.TooManyReadings, "more than " + into.Capacity.ToString() + " readings (this consumer's batch capacity; the contract allows up to " + TelemetryContract.MaxReadingsPerBatch.ToString() + ")", at);
            }

            if (!ReadReading(at))
            {
                return false;
            }

            if (into.Count > 0 && _seq <= into[into.Count - 1].Seq)
            {
                _field = TelemetryFields.Seq;
                return Fail(TelemetryDecodeStatus.InvalidValue, "seq " + _seq.ToString() + " is not above the previous reading's " + into[into.Count - 1].Seq.ToString() + "; readings are sent in ascending seq order", at);
            }

            into.TryAdd(_tag, _value, _unit, _quality, (long)_timeMs, _seq);
        }
        while (_json.TryConsume(','));

        _readingIndex = -1;
        _field = TelemetryFields.Readings;
        return _json.Expect(']', "',' or ']'") || FromReader();
    }

    private bool ReadReading(int at)
    {
        if (!_json.ReadObjectStart())
        {
            return FromReader();
        }

        int seen = 0;
        if (!_json.TryConsume('}'))
        {
            do
            {
                int memberAt = _json.NextTokenOffset();
                if (!ReadMemberName())
                {
                    return false;
                }

                int field = ReadingField();
                if (!Once(ref seen, field, memberAt) || !ReadCommonField(field))
                {
                    return false;
                }
            }
            while (_json.TryConsume(','));

            if (!CloseObject())
            {
                return false;
            }
        }

        if (!Complete(seen, ReadingFields, at))
        {
            return false;
        }

        if (_quality == SignalQuality.Good && double.IsNaN(_value))
        {
            _field = TelemetryFields.Value;
            return Fail(TelemetryDecodeStatus.InvalidValue, "null with quality good; a reading without a value must say why (comm_failure, sensor_fault, ...)", at);
        }

        return true;
    }

    private bool ReadAlarm(AlarmMessage into)
    {
        if (!ReadHeader())
        {
            return false;
        }

        int seen = 0;
        int limitAt = 0;
        while (_json.TryConsume(','))
        {
            int at = _json.NextTokenOffset();
            if (!ReadMemberName())
            {
                return false;
            }

            int field = AlarmField();
            if (!Once(ref seen, field, at))
            {
                return false;
            }

            bool ok;
            switch (field)
            {
                case FieldSource:
                    ok = ReadSource();
                    break;
                case FieldBackfill:
                    ok = _json.ReadBoolean(out _backfill) || FromReader();
                    break;
                case FieldKind:
                    ok = ReadWireName(FieldKind);
                    break;
                case FieldState:
                    ok = ReadWireName(FieldState);
                    break;
                case FieldLimit:
                    limitAt = _json.NextTokenOffset();
                    ok = _json.ReadNumberOrNull(out _limit) || FromReader();
                    break;
                case FieldLatched:
                    ok = _json.ReadBoolean(out _latched) || FromReader();
                    break;
                default:
                    ok = ReadCommonField(field);
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        _field = "";
        if (!CloseObject() || !Complete(seen, AlarmFields, _json.Offset - 1) || !(_json.ExpectEnd() || FromReader()))
        {
            return false;
        }

        bool hasLimit = _kind != AlarmKind.SensorFault;
        if (hasLimit == double.IsNaN(_limit))
        {
            _field = TelemetryFields.Limit;
            return Fail(TelemetryDecodeStatus.InvalidValue, hasLimit ? "null, but a limit alarm must carry the limit it crossed" : "must be null for a sensor_fault alarm, which has no limit", limitAt);
        }

        into.Source = _source;
        into.Backfill = _backfill;
        into.Tag = _tag;
        into.Kind = _kind;
        into.State = _state;
        into.Value = _value;
        into.Limit = _limit;
        into.Unit = _unit;
        into.TimeMs = (long)_timeMs;
        into.Seq = _seq;
        into.Latched = _latched;
        return true;
    }

    /// <summary>The members a reading and an alarm event share: tag, value, unit, quality, time_ms, seq.</summary>
    private bool ReadCommonField(int field)
    {
        switch (field)
        {
            case FieldTag:
                int at = _json.NextTokenOffset();
                if (!ReadText(TelemetryContract.MaxNameLength, out _tag))
                {
                    return false;
                }

                return TelemetryNames.IsValidTag(_tag)
                    || Fail(TelemetryDecodeStatus.InvalidValue, "tag '" + _tag + "' is not valid: use 1-64 of A-Z a-z 0-9 _ . : / - starting with a letter or digit", at);
            case FieldValue:
                return _json.ReadNumberOrNull(out _value) || FromReader();
            case FieldUnit:
                return ReadText(TelemetryContract.MaxUnitLength, out _unit);
            case FieldQuality:
                return ReadWireName(FieldQuality);
            case FieldTimeMs:
                return _json.ReadUnsignedInteger((ulong)TelemetryContract.MaxTimeMs, out _timeMs) || FromReader();
            default:
                return _json.ReadUnsignedString(out _seq) || FromReader();
        }
    }

    /// <summary>'{' and "schema": 1 as the first member: a consumer learns the version before anything else.</summary>
    private bool ReadHeader()
    {
        if (!_json.ReadObjectStart())
        {
            return FromReader();
        }

        int at = _json.NextTokenOffset();
        if (_json.TryConsume('}'))
        {
            return Fail(TelemetryDecodeStatus.MissingField, "empty object; the first member must be \"schema\"", at);
        }

        if (!ReadMemberName())
        {
            return false;
        }

        if (!WireNames.Matches(_chars, _nameLength, TelemetryFields.Schema))
        {
            return Fail(TelemetryDecodeStatus.MissingField, "the first member must be \"schema\", found \"" + new string(_chars, 0, _nameLength) + "\"", at);
        }

        _field = TelemetryFields.Schema;
        at = _json.NextTokenOffset();
        if (!_json.ReadUnsignedInteger(int.MaxValue, out ulong version))
        {
            return FromReader();
        }

        if (version != TelemetryContract.SchemaVersion)
        {
            return Fail(TelemetryDecodeStatus.UnsupportedSchemaVersion, "schema version " + version.ToString() + " is not supported (this decoder reads version " + TelemetryContract.SchemaVersion.ToString() + "); keep the payload and upgrade the consumer", at);
        }

        return true;
    }

    private bool ReadSource()
    {
        int at = _json.NextTokenOffset();
        if (!ReadText(TelemetryContract.MaxNameLength, out _source))
        {
            return false;
        }

        return TelemetryNames.IsValidSourceId(_source)
            || Fail(TelemetryDecodeStatus.InvalidValue, "source id '" + _source + "' is not valid: use 1-64 of A-Z a-z 0-9 _ . - starting with a letter or digit", at);
    }

    /// <summary>Reads a quality, alarm kind or alarm state by its wire name, without allocating.</summary>
    private bool ReadWireName(int field)
    {
        int at = _json.NextTokenOffset();
        if (!_json.ReadString(_chars, TelemetryContract.MaxNameLength, out int length))
        {
            return FromReader();
        }

        bool known;
        string expected;
        switch (field)
        {
            case FieldQuality:
                known = WireNames.TryParseQuality(_chars, length, out _quality);
                expected = "good, stale, comm_failure, out_of_range or sensor_fault";
                break;
            case FieldKind:
                known = WireNames.TryParseKind(_chars, length, out _kind);
                expected = "HH, H, L, LL, rate or sensor_fault";
                break;
            default:
                known = WireNames.TryParseState(_chars, length, out _state);
                expected = "raised, returned, acknowledged or cleared";
                break;
        }

        return known
            || Fail(TelemetryDecodeStatus.InvalidValue, "unknown " + FieldName(field) + " \"" + new string(_chars, 0, length) + "\"; expected " + expected, at);
    }

    private bool ReadText(int maxCodePoints, out string text)
    {
        text = "";
        if (!_json.ReadString(_chars, maxCodePoints, out int length))
        {
            return FromReader();
        }

        text = new string(_chars, 0, length);
        return true;
    }

    private bool ReadMemberName()
    {
        _field = "";
        int at = _json.NextTokenOffset();
        if (!_json.ReadString(_chars, MaxMemberName, out _nameLength))
        {
            if (_json.Error == JsonReadError.InvalidValue)
            {
                return Fail(TelemetryDecodeStatus.UnknownField, "member name longer than " + MaxMemberName.ToString() + " characters is not part of the contract", at);
            }

            return FromReader();
        }

        if (!_json.Expect(':', "':' after the member name"))
        {
            return FromReader();
        }

        return true;
    }

    /// <summary>Marks <paramref name="field"/> as seen, failing for an unknown (0) or repeated member.</summary>
    private bool Once(ref int seen, int field, int at)
    {
        if (field == 0)
        {
            _field = new string(_chars, 0, _nameLength);
            return Fail(TelemetryDecodeStatus.UnknownField, "not a member of schema version " + TelemetryContract.SchemaVersion.ToString() + " here", at);
        }

        _field = FieldName(field);
        if ((seen & field) != 0 || field == FieldSchemaAgain)
        {
            return Fail(TelemetryDecodeStatus.DuplicateField, "appears twice", at);
        }

        seen |= field;
        return true;
    }

    private bool Complete(int seen, int required, int at)
    {
        int missing = required & ~seen;
        if (missing == 0)
        {
            return true;
        }

        _field = FieldName(missing & -missing);
        return Fail(TelemetryDecodeStatus.MissingField, "is required", at);
    }

    private bool CloseObject()
    {
        return _json.Expect('}', "',' or '}'") || FromReader();
    }

    private int BatchField()
    {
        if (WireNames.Matches(_chars, _nameLength, TelemetryFields.Source))
        {
            return FieldSource;
        }

        if (WireNames.Matches(_chars, _nameLength, TelemetryFields.Backfill))
        {
            return FieldBackfill;
        }

        if (WireNames.Matches(_chars, _nameLength, TelemetryFields.Readings))
        {
            return FieldReadings;
        }

        return SchemaAgain();
    }

    private int ReadingField()
    {
        for (int field = FieldTag; field <= FieldSeq; field <<= 1)
        {
            if (WireNames.Matches(_chars, _nameLength, FieldName(field)))
            {
                return field;
            }
        }

        return 0;
    }

    private int AlarmField()
    {
        for (int field = FieldSource; field <= FieldLatched; field <<= 1)
        {
            if ((AlarmFields & field) != 0 && WireNames.Matches(_chars, _nameLength, FieldName(field)))
            {
                return field;
            }
        }

        return SchemaAgain();
    }

    /// <summary>A second "schema" is a duplicate, not an unknown member.</summary>
    private int SchemaAgain()
    {
        return WireNames.Matches(_chars, _nameLength, TelemetryFields.Schema) ? FieldSchemaAgain : 0;
    }

    private static string FieldName(int field)
    {
        switch (field)
        {
            case FieldSource: return TelemetryFields.Source;
            case FieldBackfill: return TelemetryFields.Backfill;
            case FieldReadings: return TelemetryFields.Readings;
            case FieldTag: return TelemetryFields.Tag;
            case FieldValue: return TelemetryFields.Value;
            case FieldUnit: return TelemetryFields.Unit;
            case FieldQuality: return TelemetryFields.Quality;
            case FieldTimeMs: return TelemetryFields.TimeMs;
            case FieldSeq: return TelemetryFields.Seq;
            case FieldKind: return TelemetryFields.Kind;
            case FieldState: return TelemetryFields.State;
            case FieldLimit: return TelemetryFields.Limit;
            case FieldLatched: return TelemetryFields.Latched;
            default: return TelemetryFields.Schema;
        }
    }

    private bool FromReader()
    {
        TelemetryDecodeStatus status;
        switch (_json.Error)
        {
            case JsonReadError.WrongType:
                status = TelemetryDecodeStatus.WrongType;
                break;
            case JsonReadError.InvalidValue:
                status = TelemetryDecodeStatus.InvalidValue;
                break;
            default:
                status = TelemetryDecodeStatus.Malformed;
                break;
        }

        return Fail(status, _json.ErrorDetail, _json.ErrorOffset);
    }

    private bool Fail(TelemetryDecodeStatus status, string detail, int offset)
    {
        Status = status;
        ErrorOffset = offset;
        string path = _readingIndex >= 0 ? TelemetryFields.Readings + "[" + _readingIndex.ToString() + "]" : "";
        if (_field.Length > 0)
        {
            path = path.Length > 0 ? path + "." + _field : _field;
        }

        ErrorField = path;
        ErrorMessage = (path.Length > 0 ? path + ": " : "") + detail + " (at byte " + offset.ToString() + ")";
        return false;
    }
}
