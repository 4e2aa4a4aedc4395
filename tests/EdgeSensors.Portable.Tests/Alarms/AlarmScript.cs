using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>Drives one tag's alarms through readings at given times and collects what they emitted.</summary>
internal sealed class AlarmScript
{
    private readonly AlarmEventBuffer _buffer = new(64);

    public AlarmScript(TagAlarmConfig config)
    {
        Tag = new TagAlarms(config);
    }

    public TagAlarms Tag { get; }

    /// <summary>Every event since the script started, in order.</summary>
    public List<AlarmEvent> All { get; } = [];

    /// <summary>Evaluates one reading and returns just its events.</summary>
    public List<AlarmEvent> At(long timeMs, double value, SignalQuality quality = SignalQuality.Good)
    {
        Tag.Evaluate(value, quality, timeMs, _buffer);
        return Drain();
    }

    public List<AlarmEvent> Ack(AlarmKind kind, long timeMs)
    {
        Tag.Acknowledge(kind, timeMs, _buffer);
        return Drain();
    }

    public AlarmState this[AlarmKind kind] => Tag.GetState(kind);

    public static TagAlarmConfig High(double limit, double hysteresis = 0, long onDelayMs = 0, long offDelayMs = 0, bool latching = false)
    {
        return new TagAlarmConfig("tank1.level", "m") { High = new AlarmLimit(limit, hysteresis, onDelayMs, offDelayMs, latching) };
    }

    private List<AlarmEvent> Drain()
    {
        Assert.Equal(0, _buffer.Dropped);
        var events = new List<AlarmEvent>();
        for (int i = 0; i < _buffer.Count; i++)
        {
            events.Add(_buffer[i]);
        }

        _buffer.Clear();
        All.AddRange(events);
        return events;
    }
}
