using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Polling;
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

    public static byte[] Reading(string tag, double value, string unit, SignalQuality quality)
    {
        using var stream = new MemoryStream(32 + tag.Length + unit.Length);
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(ReadingVersion);
            writer.Write(tag);
            writer.Write(value);
            writer.Write(unit);
            writer.Write((byte)quality);
        }

        return stream.ToArray();
    }

    public static void ReadReading(byte[] payload, out string tag, out double value, out string unit, out SignalQuality quality)
    {
        using var reader = new BinaryReader(new MemoryStream(payload));
        byte version = reader.ReadByte();
        if (version != ReadingVersion)
        {
            throw new InvalidDataException($"reading record version {version} is not known (expected {ReadingVersion})");
        }

        tag = reader.ReadString();
        value = reader.ReadDouble();
        unit = reader.ReadString();
        quality = (SignalQuality)reader.ReadByte();
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
