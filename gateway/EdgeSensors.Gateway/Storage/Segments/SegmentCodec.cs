using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace EdgeSensors.Gateway.Storage.Segments;

/// <summary>
/// The bytes of one segment row: the entries of one append that share a kind and follow each other in seq, packed
/// one after another (version byte, then per entry: acquired ms int64, source length int32, source UTF-8, payload
/// length int32, payload; little-endian). One row per segment instead of one per entry is what takes the per-reading
/// cost of SQLite (a b-tree insert, two index updates, and a delete after the PUBACK) down to a few per poll. A CRC-32
/// over the bytes is stored beside them, so damage inside a row is detected too (SQLite checks only its page structure).
/// </summary>
internal static class SegmentCodec
{
    /// <summary>Row bytes a segment is filled up to: under a 4 KiB page, so a row stays on one b-tree leaf page
    /// and a damaged page costs one segment, not a chain of overflow pages.</summary>
    public const int TargetBytes = 3000;

    /// <summary>At most this many entries per segment (the removed-entries bitmap stays small).</summary>
    public const int MaxEntries = 1024;

    private const byte Version = 1;
    private const int EntryHeaderBytes = 8 + 4 + 4;

    /// <summary>Bytes one entry takes inside a segment.</summary>
    public static int EncodedSize(NewEntry entry) => EntryHeaderBytes + Encoding.UTF8.GetByteCount(entry.Source) + entry.Payload.Length;

    /// <summary>
    /// Cuts entries (in seq order) into segments: runs of one kind, each up to <see cref="TargetBytes"/> and
    /// <see cref="MaxEntries"/> (an entry larger than the target makes a segment of its own). Returns (start, count) pairs.
    /// </summary>
    public static List<(int Start, int Count)> Plan(IReadOnlyList<NewEntry> entries)
    {
        var plan = new List<(int, int)>();
        int start = 0;
        int bytes = 1;
        for (int i = 0; i < entries.Count; i++)
        {
            int size = EncodedSize(entries[i]);
            bool sameRun = i > start && entries[i].Kind == entries[start].Kind && bytes + size <= TargetBytes && i - start < MaxEntries;
            if (i > start && !sameRun)
            {
                plan.Add((start, i - start));
                start = i;
                bytes = 1;
            }

            bytes += size;
        }

        if (entries.Count > start)
        {
            plan.Add((start, entries.Count - start));
        }

        return plan;
    }

    /// <summary>Packs entries[start..start+count) into one segment's bytes.</summary>
    public static byte[] Encode(IReadOnlyList<NewEntry> entries, int start, int count, out long acquiredMin, out long acquiredMax)
    {
        int total = 1;
        for (int i = start; i < start + count; i++)
        {
            total += EncodedSize(entries[i]);
        }

        var blob = new byte[total];
        blob[0] = Version;
        int at = 1;
        acquiredMin = long.MaxValue;
        acquiredMax = long.MinValue;
        for (int i = start; i < start + count; i++)
        {
            NewEntry entry = entries[i];
            acquiredMin = Math.Min(acquiredMin, entry.AcquiredAtMs);
            acquiredMax = Math.Max(acquiredMax, entry.AcquiredAtMs);
            BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(at), entry.AcquiredAtMs);
            int sourceBytes = Encoding.UTF8.GetBytes(entry.Source, blob.AsSpan(at + 12));
            BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(at + 8), sourceBytes);
            at += 12 + sourceBytes;
            BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(at), entry.Payload.Length);
            entry.Payload.CopyTo(blob.AsSpan(at + 4));
            at += 4 + entry.Payload.Length;
        }

        return blob;
    }

    public static uint Checksum(byte[] blob) => Crc32.HashToUInt32(blob);

    /// <summary>
    /// Finds the entries inside a segment's bytes, checking the checksum and every length against the row's entry
    /// count. Throws <see cref="SegmentDamagedException"/> when they disagree (a damaged row).
    /// </summary>
    public static SegmentEntry[] Decode(byte[] blob, int count, uint checksum, ulong firstSeq)
    {
        if (Checksum(blob) != checksum)
        {
            throw new SegmentDamagedException("segment at seq " + firstSeq + ": checksum mismatch");
        }

        if (count <= 0 || count > MaxEntries || blob.Length < 1 || blob[0] != Version)
        {
            throw new SegmentDamagedException("segment at seq " + firstSeq + ": unknown layout (version " + (blob.Length > 0 ? blob[0] : -1) + ", " + count + " entries)");
        }

        var entries = new SegmentEntry[count];
        int at = 1;
        for (int i = 0; i < count; i++)
        {
            if (blob.Length - at < EntryHeaderBytes)
            {
                throw Truncated(firstSeq, i);
            }

            long acquired = BinaryPrimitives.ReadInt64LittleEndian(blob.AsSpan(at));
            int sourceBytes = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(at + 8));
            if (sourceBytes < 0 || blob.Length - at - 12 - 4 < sourceBytes)
            {
                throw Truncated(firstSeq, i);
            }

            int sourceAt = at + 12;
            int payloadBytes = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(sourceAt + sourceBytes));
            int payloadAt = sourceAt + sourceBytes + 4;
            if (payloadBytes < 0 || blob.Length - payloadAt < payloadBytes)
            {
                throw Truncated(firstSeq, i);
            }

            entries[i] = new SegmentEntry(acquired, sourceAt, sourceBytes, payloadAt, payloadBytes);
            at = payloadAt + payloadBytes;
        }

        if (at != blob.Length)
        {
            throw new SegmentDamagedException("segment at seq " + firstSeq + ": " + (blob.Length - at) + " bytes after the last of its " + count + " entries");
        }

        return entries;
    }

    private static SegmentDamagedException Truncated(ulong firstSeq, int index) =>
        new("segment at seq " + firstSeq + ": entry " + index + " runs past the end of the row");
}

/// <summary>Where one entry sits inside a segment's bytes.</summary>
internal readonly record struct SegmentEntry(long AcquiredMs, int SourceOffset, int SourceBytes, int PayloadOffset, int PayloadBytes)
{
    /// <summary>Bytes charged against Storage:MaxBytes, as <see cref="NewEntry.AccountedBytes"/>.</summary>
    public long AccountedBytes => NewEntry.AccountedSize(PayloadBytes, SourceBytes);

    public byte[] Payload(byte[] blob) => blob.AsSpan(PayloadOffset, PayloadBytes).ToArray();
}

/// <summary>A segment row whose bytes do not match its checksum or layout: handled as a damaged database.</summary>
internal sealed class SegmentDamagedException(string message) : Exception(message);
