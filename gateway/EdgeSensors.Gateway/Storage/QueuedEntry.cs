namespace EdgeSensors.Gateway.Storage;

/// <summary>An entry handed to the forwarder: publish it, then call <see cref="DurableQueue.Ack"/> with its Seq.</summary>
/// <param name="Seq">Per-gateway sequence number: unique, increasing, never reused (also across restarts).</param>
/// <param name="Kind">Reading or alarm event.</param>
/// <param name="AcquiredAtMs">Acquisition time as appended (Unix ms, UTC): replays keep it.</param>
/// <param name="Source">Source tag or topic as appended.</param>
/// <param name="Payload">The payload bytes as appended.</param>
/// <param name="IsBackfill">True when the entry is replayed from the backlog (appended before the current session).</param>
public sealed record QueuedEntry(ulong Seq, EntryKind Kind, long AcquiredAtMs, string Source, byte[] Payload, bool IsBackfill);
