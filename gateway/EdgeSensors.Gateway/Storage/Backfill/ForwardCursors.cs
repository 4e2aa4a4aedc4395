namespace EdgeSensors.Gateway.Storage.Backfill;

/// <summary>
/// How far the forwarder has been handed each tier in the current session. Entries with seq at or above
/// <see cref="LiveFrom"/> were appended during the session (live); older ones are backlog, replayed as backfill.
/// Cursors only move forward, so nothing is handed out twice in a session; a new session starts them over, so every
/// entry not yet acknowledged is handed out again (at-least-once delivery).
/// </summary>
internal sealed class ForwardCursors
{
    public ulong LiveFrom { get; private set; } = 1;

    public ulong LiveAlarms { get; set; }

    public ulong LiveReadings { get; set; }

    public ulong BacklogAlarms { get; set; }

    public ulong BacklogReadings { get; set; }

    public void Reset(ulong liveFrom)
    {
        LiveFrom = liveFrom;
        LiveAlarms = LiveReadings = liveFrom - 1;
        BacklogAlarms = BacklogReadings = 0;
    }
}
