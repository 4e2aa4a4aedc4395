using System;
using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Buffering;

/// <summary>
/// Unsent readings, oldest first, in parallel arrays allocated once at start (capacity from the config). When it is
/// full, a new reading overwrites the oldest one, and <see cref="Dropped"/> counts it: alarm events are not kept here
/// (see <see cref="AlarmRing"/>), so what is dropped is always the oldest plain reading. Slots have fixed numbers,
/// which the flash store mirrors record for record.
/// </summary>
public sealed class ReadingRing
{
    private readonly string[] _tags;
    private readonly string[] _units;
    private readonly double[] _values;
    private readonly long[] _timesMs;
    private readonly ulong[] _seqs;
    private readonly byte[] _qualities;
    private int _head;

    /// <exception cref="ArgumentOutOfRangeException">capacity is below 1.</exception>
    public ReadingRing(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException("capacity", "the reading buffer needs room for at least 1 reading");
        }

        _tags = new string[capacity];
        _units = new string[capacity];
        _values = new double[capacity];
        _timesMs = new long[capacity];
        _seqs = new ulong[capacity];
        _qualities = new byte[capacity];
    }

    /// <summary>Bytes of the arrays per reading on a 32-bit device (4-byte references): what docs/firmware.md budgets.</summary>
    public const int BytesPerReading = 4 + 4 + 8 + 8 + 8 + 1;

    /// <summary>The quality byte's top bit: the reading has been written to flash (qualities are below 128).</summary>
    private const byte PersistedBit = 0x80;

    public int Capacity => _seqs.Length;

    public int Count { get; private set; }

    /// <summary>
    /// Readings lost because the buffer was full, since start: overwritten before the broker acknowledged them. A
    /// reading overwritten while the message carrying it was on its way, and then acknowledged, was not lost and is
    /// taken back off this count (<see cref="Recovered"/>).
    /// </summary>
    public long Dropped { get; private set; }

    /// <summary>The seq of the reading the next <see cref="Push"/> would overwrite, when <see cref="Count"/> equals <see cref="Capacity"/>.</summary>
    public ulong OldestSeq => _seqs[_head];

    /// <summary>Readings counted as dropped that the broker did acknowledge after all (they were in flight when overwritten).</summary>
    public void Recovered(int readings)
    {
        Dropped -= readings;
    }

    /// <summary>Adds a reading and returns its slot; when full, the oldest reading is dropped and counted.</summary>
    public int Push(string tag, string unit, double value, SignalQuality quality, long timeMs, ulong seq)
    {
        if (Count == Capacity)
        {
            _head = (_head + 1) % Capacity;
            Count--;
            Dropped++;
        }

        int slot = (_head + Count) % Capacity;
        _tags[slot] = tag;
        _units[slot] = unit;
        _values[slot] = value;
        _qualities[slot] = (byte)quality; // not persisted yet
        _timesMs[slot] = timeMs;
        _seqs[slot] = seq;
        Count++;
        return slot;
    }

    /// <summary>The slot of the <paramref name="index"/>-th oldest reading.</summary>
    public int SlotAt(int index)
    {
        return (_head + index) % Capacity;
    }

    public string TagAt(int slot) => _tags[slot];

    public string UnitAt(int slot) => _units[slot];

    public double ValueAt(int slot) => _values[slot];

    public SignalQuality QualityAt(int slot) => (SignalQuality)(_qualities[slot] & ~PersistedBit);

    public long TimeAt(int slot) => _timesMs[slot];

    public ulong SeqAt(int slot) => _seqs[slot];

    /// <summary>Whether the reading in <paramref name="slot"/> has been written to flash.</summary>
    public bool IsPersisted(int slot) => (_qualities[slot] & PersistedBit) != 0;

    public void MarkPersisted(int slot)
    {
        _qualities[slot] |= PersistedBit;
    }

    /// <summary>
    /// Stamps the readings taken before the wall clock was set: those with seq at least <paramref name="fromSeq"/> get
    /// <paramref name="seqShift"/> added to their seq and <paramref name="timeShiftMs"/> to their time. Order is kept.
    /// </summary>
    public void Rebase(ulong fromSeq, ulong seqShift, long timeShiftMs)
    {
        for (int i = 0; i < Count; i++)
        {
            int slot = SlotAt(i);
            if (_seqs[slot] >= fromSeq)
            {
                _seqs[slot] += seqShift;
                _timesMs[slot] += timeShiftMs;
            }
        }
    }

    /// <summary>Forgets the oldest readings whose seq is at most <paramref name="seq"/> (they were delivered).</summary>
    public int RemoveThrough(ulong seq)
    {
        int removed = 0;
        while (Count > 0 && _seqs[_head] <= seq)
        {
            _tags[_head] = "";
            _head = (_head + 1) % Capacity;
            Count--;
            removed++;
        }

        return removed;
    }
}
