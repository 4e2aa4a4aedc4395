using EdgeSensors.Fleet.Live.Ingest;
using EdgeSensors.Fleet.Live.Storage;

namespace EdgeSensors.Fleet.Live.Api;

/// <summary>The latest reading of a tag: <c>value</c> in <c>unit</c> (null when the source had no finite value), its quality, source time and seq.</summary>
public sealed record LiveReadingView(string Tag, double? Value, string Unit, string Quality, DateTime Time, string Seq, DateTime ReceivedAt)
{
    public static LiveReadingView Of(LiveReadingRow r) => new(r.Tag, r.Value, r.Unit, r.Quality, r.ReadingAt, LiveState.SeqText(r.Seq), r.ReceivedAt);
}

/// <summary>An active alarm: kind (HH, H, L, LL, rate, sensor_fault), last event, value and limit in <c>unit</c>.</summary>
public sealed record LiveAlarmView(Guid DeviceId, string DeviceName, string Tag, string Kind, string State, bool Acknowledged, bool Latched,
    double? Value, double? Limit, string Unit, DateTime? RaisedAt, DateTime ChangedAt, string Seq)
{
    public static LiveAlarmView Of(LiveAlarmRow a, string deviceName) =>
        new(a.DeviceId, deviceName, a.Tag, a.Kind, a.State, a.Acknowledged, a.Latched, a.Value, a.Limit, a.Unit, a.RaisedAt, a.ChangedAt, LiveState.SeqText(a.Seq));
}

/// <summary>What the device page polls: the latest reading per tag and the active alarms, as of <c>serverTime</c>.</summary>
public sealed record DeviceLiveView(Guid DeviceId, DateTime ServerTime, IReadOnlyList<LiveReadingView> Readings, IReadOnlyList<LiveAlarmView> Alarms);
