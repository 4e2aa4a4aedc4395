using System.Buffers.Binary;
using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Gateway.Runtime;

/// <summary>
/// The durable queue's payload for a reading or an alarm event: a small versioned binary record. The seq is the
/// queue's, assigned on append, and the JSON wire form (docs/telemetry.md) is produced only when forwarding, so a
/// contract change never needs a queue migration.
/// </summary>
public static class EntryCodec
{
    private const byte ReadingVersion = 1;
    private const byte AlarmVersion = 1;

    /// <summary>
    /// Encodes a reading: version, tag, value (float64 LE), unit, quality. Strings carry a 7-bit encoded UTF-8 length
    /// prefix, the layout BinaryWriter writes, built here directly because this runs for every polled reading.
    /// </summary>
    public static byte[] Reading(string tag, double value, string unit, SignalQuality quality)
    {
        int tagBytes = Encoding.UTF8.GetByteCount(tag);
        int unitBytes = Encoding.UTF8.GetByteCount(unit);
        var payload = new byte[1 + PrefixLength(tagBytes) + tagBytes + 8 + PrefixLength(unitBytes) + unitBytes + 1];
        payload[0] = ReadingVersion;
        int at = WriteString(payload, 1, tag, tagBytes);
        BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(at), value);
        at = WriteString(payload, at + 8, unit, unitBytes);
        payload[at] = (byte)quality;
        return payload;
    }

    /// <summary>Reads a record written by <see cref="Reading"/>; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static void ReadReading(byte[] payload, out string tag, out double value, out string unit, out SignalQuality quality)
    {
        if (!TryReadReading(payload, out tag, out value, out unit, out quality))
        {
            throw new InvalidDataException(payload.Length > 0 && payload[0] != ReadingVersion
                ? $"reading record version {payload[0]} is not known (expected {ReadingVersion})"
                : "reading record is truncated or malformed");
        }
    }

    /// <summary>
    /// Reads a record written by <see cref="Reading"/>; false when it is not one (unknown version, truncated). With a
    /// <paramref name="strings"/> cache, tag and unit are the cache's strings (no allocation per reading).
    /// </summary>
    public static bool TryReadReading(byte[] payload, out string tag, out double value, out string unit, out SignalQuality quality, Utf8StringCache? strings = null)
    {
        tag = unit = string.Empty;
        value = double.NaN;
        quality = SignalQuality.Good;
        if (payload.Length < 1 || payload[0] != ReadingVersion || !TryReadString(payload, 1, strings, out tag, out int at) || payload.Length - at < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadDoubleLittleEndian(payload.AsSpan(at));
        if (!TryReadString(payload, at + 8, strings, out unit, out at) || at != payload.Length - 1)
        {
            return false;
        }

        quality = (SignalQuality)payload[at];
        return true;
    }

    private static int PrefixLength(int length)
    {
        int bytes = 1;
        for (uint rest = (uint)length >> 7; rest != 0; rest >>= 7)
        {
            bytes++;
        }

        return bytes;
    }

    private static int WriteString(byte[] buffer, int at, string text, int byteCount)
    {
        uint rest = (uint)byteCount;
        while (rest >= 0x80)
        {
            buffer[at++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        buffer[at++] = (byte)rest;
        return at + Encoding.UTF8.GetBytes(text, buffer.AsSpan(at));
    }

    private static bool TryReadString(byte[] buffer, int at, Utf8StringCache? strings, out string text, out int end)
    {
        text = string.Empty;
        end = at;
        int length = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (at >= buffer.Length || shift > 28)
            {
                return false;
            }

            byte b = buffer[at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length < 0 || buffer.Length - at < length)
        {
            return false;
        }

        text = strings is null ? Encoding.UTF8.GetString(buffer, at, length) : strings.Get(buffer.AsSpan(at, length));
        end = at + length;
        return true;
    }

    public static byte[] Alarm(AlarmMessage alarm)
    {
        using var stream = new MemoryStream(64 + alarm.Tag.Length);
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(AlarmVersion);
            writer.Write(alarm.Tag);
            writer.Write((byte)alarm.Kind);
            writer.Write((byte)alarm.State);
            writer.Write(alarm.Value);
            writer.Write(alarm.Limit);
            writer.Write(alarm.Unit);
            writer.Write(alarm.Latched);
        }

        return stream.ToArray();
    }

    public static void ReadAlarm(byte[] payload, AlarmMessage into)
    {
        using var reader = new BinaryReader(new MemoryStream(payload));
        byte version = reader.ReadByte();
        if (version != AlarmVersion)
        {
            throw new InvalidDataException($"alarm record version {version} is not known (expected {AlarmVersion})");
        }

        into.Tag = reader.ReadString();
        into.Kind = (AlarmKind)reader.ReadByte();
        into.State = (AlarmEventType)reader.ReadByte();
        into.Value = reader.ReadDouble();
        into.Limit = reader.ReadDouble();
        into.Unit = reader.ReadString();
        into.Latched = reader.ReadBoolean();
    }

    /// <summary>The poller's quality in the shared terms the alarm core and the contract use (docs/telemetry.md).</summary>
    public static SignalQuality ToSignal(TagQuality quality) => quality switch
    {
        TagQuality.Good => SignalQuality.Good,
        TagQuality.Stale => SignalQuality.Stale,
        TagQuality.CommFailure => SignalQuality.CommFailure,
        TagQuality.OutOfRange => SignalQuality.OutOfRange,
        _ => SignalQuality.SensorFault,
    };
}
