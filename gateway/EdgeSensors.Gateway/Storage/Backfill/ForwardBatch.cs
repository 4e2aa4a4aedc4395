namespace EdgeSensors.Gateway.Storage.Backfill;

/// <summary>Entries to publish now, in order: live alarms, live readings, backlog alarms, backlog readings.</summary>
/// <param name="Entries">Publish these, then Ack their Seq after the broker's PUBACK.</param>
/// <param name="BacklogRetryAfter">
/// Backlog is waiting for the rate limit: ask again after this long even if nothing new is appended. Null when there
/// is no backlog to wait for.
/// </param>
public sealed record ForwardBatch(IReadOnlyList<QueuedEntry> Entries, TimeSpan? BacklogRetryAfter)
{
    public static readonly ForwardBatch Empty = new([], null);
}
