using System;
using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Persistence;

/// <summary>
/// The flash layout of one unsent reading, 32 bytes:
/// magic 0xE7 (1) | seq uint64 (8) | time_ms int64 (8) | value float64 bits (8) | tag hash FNV-1a 32 (4) | quality (1) | CRC-16/MODBUS (2).
/// Numbers are big-endian; the CRC covers bytes 0-29, low byte first. The tag is stored as the hash the alarm
/// snapshot uses, and resolved against the running config when the record is loaded.
/// </summary>
internal static class ReadingRecord
{
    public const int Length = 32;

    public const byte Magic = 0xE7;

    public static void Write(byte[] record, ulong seq, long timeMs, double value, uint tagHash, SignalQuality quality)
    {
        record[0] = Magic;
        RecordBytes.WriteUInt64(record, 1, seq);
        RecordBytes.WriteUInt64(record, 9, (ulong)timeMs);
        RecordBytes.WriteUInt64(record, 17, (ulong)BitConverter.DoubleToInt64Bits(value));
        RecordBytes.WriteUInt32(record, 25, tagHash);
        record[29] = (byte)quality;
        RecordBytes.Seal(record, Length);
    }

    /// <summary>True when the record is whole (magic, CRC, a known quality).</summary>
    public static bool IsValid(byte[] record)
    {
        return record[0] == Magic && RecordBytes.IsIntact(record, Length) && record[29] <= (byte)SignalQuality.Stale;
    }

    public static ulong Seq(byte[] record) => RecordBytes.ReadUInt64(record, 1);

    public static long TimeMs(byte[] record) => (long)RecordBytes.ReadUInt64(record, 9);

    public static double Value(byte[] record) => BitConverter.Int64BitsToDouble((long)RecordBytes.ReadUInt64(record, 17));

    public static uint TagHash(byte[] record) => RecordBytes.ReadUInt32(record, 25);

    public static SignalQuality Quality(byte[] record) => (SignalQuality)record[29];
}
