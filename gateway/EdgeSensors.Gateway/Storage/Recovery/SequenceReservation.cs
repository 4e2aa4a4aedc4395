using System.Buffers.Binary;

namespace EdgeSensors.Gateway.Storage.Recovery;

/// <summary>
/// A ceiling above every sequence number ever handed out, kept in a small file beside queue.db (queue.seq) so that
/// seq is never reused even when the database loses its tail (power cut at synchronous=NORMAL, torn WAL) or is
/// damaged. Numbers are reserved in blocks, so the file is written (and fsynced) once per <see cref="BlockSize"/>
/// entries. The file holds two slots of [ceiling, ~ceiling]; writes alternate between them, so a torn write of one
/// slot leaves the other intact.
/// </summary>
internal sealed class SequenceReservation
{
    /// <summary>Sequence numbers reserved per file write.</summary>
    public const ulong BlockSize = 4096;

    public const string FileName = "queue.seq";

    private const int SlotBytes = 16;

    private readonly string _path;
    private int _nextSlot;

    private SequenceReservation(string path, ulong ceiling, int nextSlot, bool wasReadable)
    {
        _path = path;
        Ceiling = ceiling;
        _nextSlot = nextSlot;
        WasReadable = wasReadable;
    }

    /// <summary>Every seq handed out so far is below this value (0 when nothing was ever reserved).</summary>
    public ulong Ceiling { get; private set; }

    /// <summary>False when the file existed but neither slot was valid.</summary>
    public bool WasReadable { get; }

    public static SequenceReservation Open(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new SequenceReservation(path, 0, 0, wasReadable: true);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Unreadable: the database's own next_seq still applies; the next reservation rewrites the file.
            return new SequenceReservation(path, 0, 0, wasReadable: false);
        }

        ulong best = 0;
        int bestSlot = -1;
        for (int slot = 0; slot < 2; slot++)
        {
            if (TryReadSlot(bytes, slot, out ulong ceiling) && (bestSlot < 0 || ceiling > best))
            {
                best = ceiling;
                bestSlot = slot;
            }
        }

        // Write next into the slot that does not hold the newest value.
        return new SequenceReservation(path, best, bestSlot == 0 ? 1 : 0, wasReadable: bestSlot >= 0);
    }

    /// <summary>Makes sure every seq below <paramref name="end"/> is covered, writing a new ceiling if needed.</summary>
    /// <exception cref="IOException">The file could not be written (for example ENOSPC).</exception>
    public void Cover(ulong end)
    {
        if (end <= Ceiling)
        {
            return;
        }

        ulong ceiling = end + BlockSize;
        var slot = new byte[SlotBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(slot, ceiling);
        BinaryPrimitives.WriteUInt64LittleEndian(slot.AsSpan(8), ~ceiling);
        using (var file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read))
        {
            if (file.Length < 2 * SlotBytes)
            {
                file.SetLength(2 * SlotBytes);
            }

            file.Position = _nextSlot * SlotBytes;
            file.Write(slot);
            file.Flush(flushToDisk: true);
        }

        Ceiling = ceiling;
        _nextSlot ^= 1;
    }

    private static bool TryReadSlot(byte[] bytes, int slot, out ulong ceiling)
    {
        ceiling = 0;
        int offset = slot * SlotBytes;
        if (bytes.Length < offset + SlotBytes)
        {
            return false;
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
        ulong check = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset + 8));
        if (check != ~value || value == 0)
        {
            return false;
        }

        ceiling = value;
        return true;
    }
}
