namespace EdgeSensors.Node.Persistence;

/// <summary>
/// The flash layout of the store's state, 32 bytes, kept twice (records 0 and 1, written alternately) so a write torn by
/// a power cut leaves the other copy: magic 0x5E (1) | generation uint32 (4) | seq reserved through uint64 (8) |
/// readings delivered through uint64 (8) | zero padding (9) | CRC-16/MODBUS of bytes 0-29 (2). Big-endian.
/// </summary>
internal static class StateRecord
{
    public const int Length = 32;

    public const byte Magic = 0x5E;

    public static void Write(byte[] record, uint generation, ulong reservedThrough, ulong deliveredThrough)
    {
        for (int i = 0; i < Length; i++)
        {
            record[i] = 0;
        }

        record[0] = Magic;
        RecordBytes.WriteUInt32(record, 1, generation);
        RecordBytes.WriteUInt64(record, 5, reservedThrough);
        RecordBytes.WriteUInt64(record, 13, deliveredThrough);
        RecordBytes.Seal(record, Length);
    }

    public static bool IsValid(byte[] record)
    {
        return record[0] == Magic && RecordBytes.IsIntact(record, Length);
    }

    public static uint Generation(byte[] record) => RecordBytes.ReadUInt32(record, 1);

    public static ulong ReservedThrough(byte[] record) => RecordBytes.ReadUInt64(record, 5);

    public static ulong DeliveredThrough(byte[] record) => RecordBytes.ReadUInt64(record, 13);
}
