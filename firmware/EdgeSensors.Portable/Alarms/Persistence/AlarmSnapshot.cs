using System;
using EdgeSensors.Modbus.Framing;

namespace EdgeSensors.Alarms;

/// <summary>
/// The snapshot record of one tag (format version 1), fixed at <see cref="RecordLength"/> bytes so that a node can
/// keep every tag's record in one preallocated block of flash:
/// <code>
/// 0      magic 0xA1
/// 1      format version 1
/// 2..5   FNV-1a 32-bit hash of the tag name (UTF-16 code units, low byte first), big-endian
/// 6      number of alarm kinds (6)
/// 7..    per kind, in AlarmKind order: state (1 byte), raised-at time in ms since the epoch (8 bytes, big-endian)
/// 61..62 CRC-16/MODBUS of bytes 0..60, low byte first
/// </code>
/// </summary>
internal static class AlarmSnapshot
{
    internal const byte Magic = 0xA1;
    internal const byte Version = 1;
    internal const int HeaderLength = 7;
    internal const int SlotLength = 9;
    internal const int RecordLength = HeaderLength + (TagAlarms.KindCount * SlotLength) + 2;

    internal static int Write(TagAlarms alarms, byte[] buffer, int offset)
    {
        string tag = alarms.Tag;
        if (offset < 0 || buffer.Length - offset < RecordLength)
        {
            throw new ArgumentException("alarm snapshot of tag '" + tag + "' needs " + RecordLength + " bytes at offset " + offset + " but the buffer has " + buffer.Length + " bytes");
        }

        buffer[offset] = Magic;
        buffer[offset + 1] = Version;
        WriteUInt32(buffer, offset + 2, HashTag(tag));
        buffer[offset + 6] = TagAlarms.KindCount;
        int at = offset + HeaderLength;
        for (int k = 0; k < TagAlarms.KindCount; k++)
        {
            buffer[at] = (byte)alarms.GetState((AlarmKind)k);
            WriteInt64(buffer, at + 1, alarms.GetRaisedAtMs((AlarmKind)k));
            at += SlotLength;
        }

        Crc16.Append(buffer, offset, RecordLength - 2);
        return RecordLength;
    }

    internal static SnapshotStatus Check(string tag, byte[] buffer, int offset, int length)
    {
        if (offset < 0 || length < RecordLength || buffer.Length - offset < RecordLength)
        {
            return SnapshotStatus.TooShort;
        }

        if (!Crc16.Check(buffer, offset, RecordLength))
        {
            return SnapshotStatus.CrcMismatch;
        }

        if (buffer[offset] != Magic || buffer[offset + 1] != Version || buffer[offset + 6] != TagAlarms.KindCount)
        {
            return SnapshotStatus.UnknownFormat;
        }

        if (ReadUInt32(buffer, offset + 2) != HashTag(tag))
        {
            return SnapshotStatus.OtherTag;
        }

        for (int k = 0; k < TagAlarms.KindCount; k++)
        {
            if (buffer[offset + HeaderLength + (k * SlotLength)] > (byte)AlarmState.ClearedUnacknowledged)
            {
                return SnapshotStatus.UnknownState;
            }
        }

        return SnapshotStatus.Restored;
    }

    /// <summary>Applies a record that <see cref="Check"/> accepted.</summary>
    internal static void Apply(byte[] buffer, int offset, TagAlarms alarms)
    {
        int at = offset + HeaderLength;
        for (int k = 0; k < TagAlarms.KindCount; k++)
        {
            var state = (AlarmState)buffer[at];
            if (!alarms.GetLimit((AlarmKind)k).Enabled)
            {
                state = AlarmState.Normal;
            }

            alarms.Restore(k, state, ReadInt64(buffer, at + 1));
            at += SlotLength;
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units, so a record restored after the tags were reordered finds its own tag.</summary>
    internal static uint HashTag(string tag)
    {
        uint hash = 2166136261;
        for (int i = 0; i < tag.Length; i++)
        {
            int unit = tag[i];
            hash = (hash ^ (uint)(unit & 0xFF)) * 16777619;
            hash = (hash ^ (uint)(unit >> 8)) * 16777619;
        }

        return hash;
    }

    private static void WriteUInt32(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static uint ReadUInt32(byte[] buffer, int offset)
    {
        return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
    }

    private static void WriteInt64(byte[] buffer, int offset, long value)
    {
        WriteUInt32(buffer, offset, (uint)(value >> 32));
        WriteUInt32(buffer, offset + 4, (uint)value);
    }

    private static long ReadInt64(byte[] buffer, int offset)
    {
        return (long)(((ulong)ReadUInt32(buffer, offset) << 32) | ReadUInt32(buffer, offset + 4));
    }
}
