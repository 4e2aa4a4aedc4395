using System.Globalization;
using EdgeSensors.Fleet.Live.Storage;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Fleet.Live.Ingest;

/// <summary>
/// How an update changes a stored row. Newest seq wins: an update whose seq is not above the row's is a duplicate
/// (QoS 1) or older history (backfill) and changes nothing. Alarm events follow the evaluator's state machine
/// (docs/alarms.md): active from raised until cleared; acknowledged from acknowledged until raised again.
/// </summary>
public static class LiveState
{
    /// <summary>The stored form of a seq: 20 digits, so text order is number order.</summary>
    public static string SeqKey(ulong seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>The wire form of a stored seq (no leading zeros).</summary>
    public static string SeqText(string key) => ulong.Parse(key, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    /// <summary>Applies a reading; false when the row already holds this or a newer one.</summary>
    public static bool Apply(LiveReadingRow row, ReadingUpdate reading, DateTime receivedAt)
    {
        string seq = SeqKey(reading.Seq);
        if (row.Seq.Length > 0 && string.CompareOrdinal(seq, row.Seq) <= 0)
        {
            return false;
        }

        row.Value = reading.Value;
        row.Unit = reading.Unit;
        row.Quality = reading.Quality;
        row.ReadingAt = reading.ReadingAt;
        row.Seq = seq;
        row.ReceivedAt = receivedAt;
        return true;
    }

    /// <summary>Applies an alarm event; false when the row already holds this or a newer event.</summary>
    public static bool Apply(LiveAlarmRow row, AlarmUpdate alarm, DateTime receivedAt)
    {
        string seq = SeqKey(alarm.Seq);
        if (row.Seq.Length > 0 && string.CompareOrdinal(seq, row.Seq) <= 0)
        {
            return false;
        }

        switch (alarm.State)
        {
            case WireNames.Raised:
                row.Active = true;
                row.Acknowledged = false;
                row.RaisedAt = alarm.ChangedAt;
                break;
            case WireNames.Returned:
                // Condition cleared, but a latched alarm stays active until acknowledged.
                row.Active = true;
                break;
            case WireNames.Acknowledged:
                row.Acknowledged = true;
                break;
            case WireNames.Cleared:
                row.Active = false;
                break;
            default:
                return false;
        }

        row.State = alarm.State;
        row.Latched = alarm.Latched;
        row.Value = alarm.Value;
        row.Limit = alarm.Limit;
        row.Unit = alarm.Unit;
        row.ChangedAt = alarm.ChangedAt;
        row.Seq = seq;
        row.ReceivedAt = receivedAt;
        return true;
    }
}
