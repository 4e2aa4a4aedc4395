using System;
using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Buffering;

/// <summary>
/// Unsent alarm events, oldest first, allocated once. They are sent before any reading and kept apart from the
/// readings, so a flood of readings can never push an alarm out. Only when this buffer itself is full is its oldest
/// event dropped, and <see cref="Dropped"/> counts it apart from the reading drops.
/// </summary>
public sealed class AlarmRing
{
    private readonly AlarmEvent[] _events;
    private readonly ulong[] _seqs;
    private readonly bool[] _latched;
    private int _head;

    /// <exception cref="ArgumentOutOfRangeException">capacity is below 1.</exception>
    public AlarmRing(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException("capacity", "the alarm buffer needs room for at least 1 event");
        }

        _events = new AlarmEvent[capacity];
        _seqs = new ulong[capacity];
        _latched = new bool[capacity];
    }

    /// <summary>
    /// Bytes per event on a 32-bit device: the event struct (2 references, 3 enums, 3 x 8-byte numbers, quality) plus
    /// seq and the latched flag.
    /// </summary>
    public const int BytesPerEvent = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 8 + 4 + 8 + 1;

    public int Capacity => _seqs.Length;

    public int Count { get; private set; }

    /// <summary>Events dropped because this buffer was full, since start.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds an event, its time moved by <paramref name="timeShiftMs"/> (monotonic to wall clock); when full, the oldest is dropped and counted.</summary>
    public void Push(AlarmEvent alarm, long timeShiftMs, bool latched, ulong seq)
    {
        if (Count == Capacity)
        {
            _head = (_head + 1) % Capacity;
            Count--;
            Dropped++;
        }

        int slot = (_head + Count) % Capacity;
        _events[slot] = timeShiftMs == 0 ? alarm : Shifted(alarm, timeShiftMs);
        _latched[slot] = latched;
        _seqs[slot] = seq;
        Count++;
    }

    /// <summary>Stamps the events taken before the wall clock was set: seq + <paramref name="seqShift"/>, time + <paramref name="timeShiftMs"/>.</summary>
    public void Rebase(ulong seqShift, long timeShiftMs)
    {
        for (int i = 0; i < Count; i++)
        {
            int slot = (_head + i) % Capacity;
            _seqs[slot] += seqShift;
            _events[slot] = Shifted(_events[slot], timeShiftMs);
        }
    }

    /// <summary>The oldest event; only when <see cref="Count"/> is above 0.</summary>
    public AlarmEvent Oldest => _events[_head];

    public bool OldestLatched => _latched[_head];

    public ulong OldestSeq => _seqs[_head];

    public void RemoveOldest()
    {
        if (Count == 0)
        {
            return;
        }

        _events[_head] = default(AlarmEvent);
        _head = (_head + 1) % Capacity;
        Count--;
    }

    private static AlarmEvent Shifted(AlarmEvent alarm, long timeShiftMs)
    {
        return new AlarmEvent(alarm.Tag, alarm.Unit, alarm.Kind, alarm.Type, alarm.State, alarm.TimeMs + timeShiftMs, alarm.Value, alarm.Limit, alarm.Quality);
    }
}
