using System;

namespace EdgeSensors.Alarms;

/// <summary>
/// Events recorded by evaluations and acknowledgements, in order, in an array allocated once. Read them after each
/// call and then <see cref="Clear"/>; when the buffer is full further events are counted in <see cref="Dropped"/>
/// rather than lost silently (the alarm states and outputs are still right: only the record of the change is missing).
/// </summary>
public sealed class AlarmEventBuffer
{
    private readonly AlarmEvent[] _events;

    public AlarmEventBuffer(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "an alarm event buffer needs room for at least one event");
        }

        _events = new AlarmEvent[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _events.Length;

    /// <summary>Events that did not fit, since this buffer was made.</summary>
    public long Dropped { get; private set; }

    public AlarmEvent this[int index]
    {
        get
        {
            if (index < 0 || index >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), "event " + index + " of " + Count);
            }

            return _events[index];
        }
    }

    public void Clear()
    {
        Count = 0;
    }

    internal void Add(AlarmEvent alarmEvent)
    {
        if (Count == _events.Length)
        {
            Dropped++;
            return;
        }

        _events[Count] = alarmEvent;
        Count++;
    }
}
