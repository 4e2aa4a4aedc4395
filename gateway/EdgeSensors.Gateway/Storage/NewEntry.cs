namespace EdgeSensors.Gateway.Storage;

/// <summary>
/// One entry to append. The payload is opaque here (its format is the telemetry contract, docs/telemetry.md); the queue
/// keeps only what it needs to order, age and drop entries.
/// </summary>
/// <param name="Kind">Reading or alarm event: decides the drop order and the forwarding priority.</param>
/// <param name="AcquiredAtMs">When the value was acquired, Unix time in milliseconds (UTC); drives the age limit.</param>
/// <param name="Source">Source tag or MQTT topic the entry belongs to.</param>
/// <param name="Payload">The bytes to publish, stored as given; not copied, so do not change them after appending.</param>
public sealed record NewEntry(EntryKind Kind, long AcquiredAtMs, string Source, byte[] Payload)
{
    /// <summary>Bytes charged against Storage:MaxBytes: payload + source (UTF-8) + a fixed row overhead.</summary>
    public long AccountedBytes => AccountedSize(Payload.Length, System.Text.Encoding.UTF8.GetByteCount(Source));

    /// <summary>Approximate on-disk cost of one row besides payload and source: key, kind, time, size and index entries.</summary>
    public const int RowOverheadBytes = 32;

    internal static long AccountedSize(int payloadBytes, int sourceBytes) => payloadBytes + sourceBytes + RowOverheadBytes;
}
