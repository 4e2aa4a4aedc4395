using EdgeSensors.Alarms;
using EdgeSensors.Node.Buffering;

namespace EdgeSensors.Node.Persistence;

/// <summary>
/// Unsent readings and the seq reservation on flash. The file is a run of 32-byte records: two state records
/// (<see cref="StateRecord"/>) then one <see cref="ReadingRecord"/> per slot of the RAM <see cref="ReadingRing"/>, so slot
/// s is always record 2 + s and a full buffer overwrites in place. At boot <see cref="Load"/> reads every record back:
/// a torn or damaged one (CRC, magic) is skipped and counted, the others not yet delivered return to the RAM buffer.
/// </summary>
public sealed class FlashStore
{
    /// <summary>Seq numbers reserved per state write: a reboot skips at most this many, and the state is rewritten once per block.</summary>
    public const ulong SeqBlock = 1000;

    /// <summary>First reading record: records 0 and 1 hold the state.</summary>
    public const int FirstReadingRecord = 2;

    private readonly IRecordFile _file;
    private readonly byte[] _record = new byte[ReadingRecord.Length];
    private readonly byte[] _state = new byte[StateRecord.Length];
    private readonly int _capacity;
    private uint _generation;
    private ulong _reservedThrough;
    private ulong _deliveredThrough;
    private ulong _deliveredWritten;

    public FlashStore(IRecordFile file, int capacity)
    {
        _file = file;
        _capacity = capacity;
    }

    /// <summary>Records found damaged at <see cref="Load"/> (a write torn by a power cut, or flash corruption), skipped.</summary>
    public long CorruptRecords { get; private set; }

    /// <summary>Records skipped at <see cref="Load"/> because their tag is no longer configured.</summary>
    public long UnknownTagRecords { get; private set; }

    /// <summary>Readings returned to the RAM buffer by <see cref="Load"/>.</summary>
    public long RestoredReadings { get; private set; }

    /// <summary>Writes the file refused.</summary>
    public long WriteFailures { get; private set; }

    /// <summary>True when <see cref="Load"/> found a valid state record (the seq continues from it).</summary>
    public bool HasState { get; private set; }

    /// <summary>The first seq this boot may use: past every number reserved, or stored, before.</summary>
    public ulong NextSeq { get; private set; }

    /// <summary>File size for <paramref name="capacity"/> readings, in bytes.</summary>
    public static long FileBytes(int capacity) => (long)(FirstReadingRecord + capacity) * ReadingRecord.Length;

    /// <summary>
    /// Reads the state and every reading record. Undelivered readings whose tag is configured (<paramref name="tagPaths"/>,
    /// with <paramref name="units"/>) go back into <paramref name="ring"/> in seq order, are rewritten at their new slots,
    /// and the other slots are blanked so nothing loads twice.
    /// </summary>
    public void Load(ReadingRing ring, string[] tagPaths, string[] units)
    {
        LoadState();
        uint[] hashes = new uint[tagPaths.Length];
        for (int t = 0; t < hashes.Length; t++)
        {
            hashes[t] = AlarmSnapshot.HashTag(tagPaths[t]);
        }

        // Collect undelivered records' seqs with their record index, then insert them in seq order.
        var seqs = new ulong[_capacity];
        var indexes = new int[_capacity];
        int found = 0;
        ulong highest = 0;
        bool anyRecord = false;
        for (int r = 0; r < _capacity; r++)
        {
            if (!ReadRecord(FirstReadingRecord + r))
            {
                continue;
            }

            ulong seq = ReadingRecord.Seq(_record);
            highest = seq > highest ? seq : highest;
            anyRecord = true;
            if (HasState && seq <= _deliveredThrough)
            {
                continue;
            }

            int at = found++;
            while (at > 0 && seqs[at - 1] > seq)
            {
                seqs[at] = seqs[at - 1];
                indexes[at] = indexes[at - 1];
                at--;
            }

            seqs[at] = seq;
            indexes[at] = r;
        }

        // An empty file says nothing about seq: the node then numbers from the clock (producer rule 5), not from 1.
        if (anyRecord && highest >= NextSeq)
        {
            NextSeq = highest + 1;
        }

        for (int i = 0; i < found; i++)
        {
            ReadRecord(FirstReadingRecord + indexes[i]);
            int tag = IndexOf(hashes, ReadingRecord.TagHash(_record));
            if (tag < 0)
            {
                UnknownTagRecords++;
                continue;
            }

            ring.Push(tagPaths[tag], units[tag], ReadingRecord.Value(_record), ReadingRecord.Quality(_record), ReadingRecord.TimeMs(_record), ReadingRecord.Seq(_record));
            RestoredReadings++;
        }

        // Rewrite the restored readings at the slots they now have, and blank the rest.
        var blank = new byte[ReadingRecord.Length];
        for (int i = 0; i < _capacity; i++)
        {
            if (i < ring.Count)
            {
                WriteReading(ring, ring.SlotAt(i));
            }
            else if (!Write(FirstReadingRecord + ring.SlotAt(i), blank))
            {
                WriteFailures++;
            }
        }
    }

    /// <summary>Writes the reading in <paramref name="slot"/> to its record and marks it persisted.</summary>
    public void WriteReading(ReadingRing ring, int slot)
    {
        ReadingRecord.Write(_record, ring.SeqAt(slot), ring.TimeAt(slot), ring.ValueAt(slot), AlarmSnapshot.HashTag(ring.TagAt(slot)), ring.QualityAt(slot));
        if (Write(FirstReadingRecord + slot, _record))
        {
            ring.MarkPersisted(slot);
        }
        else
        {
            WriteFailures++;
        }
    }

    /// <summary>Reserves seq numbers up to <paramref name="through"/> on flash before they are used; false when the write failed.</summary>
    public bool Reserve(ulong through)
    {
        _reservedThrough = through;
        return WriteState();
    }

    /// <summary>The last seq reserved on flash.</summary>
    public ulong ReservedThrough => _reservedThrough;

    /// <summary>Readings up to <paramref name="seq"/> were delivered (kept in RAM; written with <see cref="SaveDelivered"/>).</summary>
    public void Delivered(ulong seq)
    {
        if (seq > _deliveredThrough)
        {
            _deliveredThrough = seq;
        }
    }

    /// <summary>Writes the delivered mark if it moved. Called now and then, not per message, to spare the flash.</summary>
    public void SaveDelivered()
    {
        if (_deliveredThrough != _deliveredWritten)
        {
            WriteState();
        }
    }

    private void LoadState()
    {
        uint generation = 0;
        for (int r = 0; r < FirstReadingRecord; r++)
        {
            if (_file.Read((long)r * StateRecord.Length, _record, 0, StateRecord.Length) != StateRecord.Length)
            {
                continue;
            }

            if (!StateRecord.IsValid(_record))
            {
                if (!RecordBytes.IsBlank(_record, StateRecord.Length))
                {
                    CorruptRecords++;
                }

                continue;
            }

            if (!HasState || StateRecord.Generation(_record) > generation)
            {
                HasState = true;
                generation = StateRecord.Generation(_record);
                _reservedThrough = StateRecord.ReservedThrough(_record);
                _deliveredThrough = StateRecord.DeliveredThrough(_record);
            }
        }

        _generation = generation;
        _deliveredWritten = _deliveredThrough;
        NextSeq = HasState ? _reservedThrough + 1 : 0;
    }

    private bool ReadRecord(int index)
    {
        if (_file.Read((long)index * ReadingRecord.Length, _record, 0, ReadingRecord.Length) != ReadingRecord.Length)
        {
            return false;
        }

        if (ReadingRecord.IsValid(_record))
        {
            return true;
        }

        if (!RecordBytes.IsBlank(_record, ReadingRecord.Length))
        {
            CorruptRecords++;
        }

        return false;
    }

    private bool WriteState()
    {
        _generation++;
        StateRecord.Write(_state, _generation, _reservedThrough, _deliveredThrough);
        if (!Write((int)(_generation % FirstReadingRecord), _state))
        {
            WriteFailures++;
            return false;
        }

        _deliveredWritten = _deliveredThrough;
        return true;
    }

    private bool Write(int index, byte[] record)
    {
        return _file.Write((long)index * ReadingRecord.Length, record, 0, ReadingRecord.Length);
    }

    private static int IndexOf(uint[] hashes, uint hash)
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            if (hashes[i] == hash)
            {
                return i;
            }
        }

        return -1;
    }
}
