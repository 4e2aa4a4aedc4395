using System.Runtime.InteropServices;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Backfill;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Gateway.Runtime;

/// <summary>
/// Drains the durable queue to the broker: live alarms, live readings, then the paced backlog (the queue's order),
/// encoded to the telemetry contract (docs/telemetry.md). An entry is acked, and only then deleted, after its message
/// got a PUBACK. Any failed publish starts a new session, so everything unacknowledged is offered again as backfill.
/// </summary>
public sealed class Forwarder(DurableQueue queue, MqttUpstream upstream, TelemetryTopics topics, string sourceId, int maxBatch = TelemetryContract.MaxReadingsPerBatch)
{
    private readonly TelemetryEncoder _encoder = new();
    private readonly TelemetryBatch _batch = new(Math.Min(maxBatch, TelemetryContract.MaxReadingsPerBatch));
    private readonly AlarmMessage _alarm = new();
    private readonly Utf8StringCache _strings = new();
    private readonly List<ulong> _seqs = new(Math.Min(maxBatch, TelemetryContract.MaxReadingsPerBatch));
    private readonly byte[] _buffer = new byte[TelemetryEncoder.MaxBatchBytes(Math.Min(maxBatch, TelemetryContract.MaxReadingsPerBatch))];

    /// <summary>Messages acknowledged by the broker, readings and alarms.</summary>
    public long PublishedReadings { get; private set; }

    public long PublishedAlarms { get; private set; }

    /// <summary>Publishes that failed or were refused; their entries stay queued and are re-sent.</summary>
    public long FailedPublishes { get; private set; }

    /// <summary>Entries whose stored record could not be decoded: acked away and counted, so one bad record cannot block the queue.</summary>
    public long UndecodableEntries { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        bool wasConnected = false;
        while (!ct.IsCancellationRequested)
        {
            if (!upstream.IsConnected)
            {
                wasConnected = false;
                await DelayAsync(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
                continue;
            }

            if (!wasConnected)
            {
                // A new connection: everything not yet acknowledged is backlog, replayed as backfill.
                queue.BeginSession();
                wasConnected = true;
            }

            ForwardBatch batch = queue.TakeBatch(_batch.Capacity);
            if (batch.Entries.Count == 0)
            {
                TimeSpan wait = batch.BacklogRetryAfter ?? TimeSpan.FromMilliseconds(500);
                await queue.WaitForAppendAsync(wait < TimeSpan.FromMilliseconds(500) ? wait : TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                continue;
            }

            if (!await PublishAsync(batch.Entries, ct).ConfigureAwait(false))
            {
                FailedPublishes++;
                queue.BeginSession();
                await DelayAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> PublishAsync(IReadOnlyList<QueuedEntry> entries, CancellationToken ct)
    {
        // Alarms one message each, in order; readings grouped by their backfill flag. No per-reading closures or
        // LINQ here: this loop runs for every reading the gateway forwards.
        for (int i = 0; i < entries.Count; i++)
        {
            QueuedEntry entry = entries[i];
            if (entry.Kind != EntryKind.AlarmEvent || !TryDecodeAlarm(entry))
            {
                continue;
            }

            _alarm.Source = sourceId;
            _alarm.Backfill = entry.IsBackfill;
            _alarm.TimeMs = entry.AcquiredAtMs;
            _alarm.Seq = entry.Seq;
            if (_encoder.EncodeAlarm(_alarm, _buffer, 0, out int length) != TelemetryEncodeStatus.Ok
                || await upstream.PublishAsync(topics.Alarms(sourceId), _buffer.AsMemory(0, length), retain: false, ct).ConfigureAwait(false) != PublishOutcome.Acknowledged)
            {
                return false;
            }

            queue.Ack(entry.Seq);
            PublishedAlarms++;
        }

        for (int pass = 0; pass < 2; pass++)
        {
            bool backfill = pass == 1;
            _batch.Clear();
            _batch.Source = sourceId;
            _batch.Backfill = backfill;
            _seqs.Clear();
            for (int i = 0; i < entries.Count; i++)
            {
                QueuedEntry entry = entries[i];
                if (entry.Kind == EntryKind.Reading && entry.IsBackfill == backfill
                    && TryDecodeReading(entry, out string tag, out double value, out string unit, out SignalQuality quality))
                {
                    _batch.TryAdd(tag, value, unit, quality, entry.AcquiredAtMs, entry.Seq);
                    _seqs.Add(entry.Seq);
                }
            }

            if (_seqs.Count == 0)
            {
                continue;
            }

            TelemetryEncodeStatus status = _encoder.EncodeBatch(_batch, _buffer, 0, out int length);
            if (status != TelemetryEncodeStatus.Ok)
            {
                throw new InvalidOperationException($"telemetry batch could not be encoded: {TelemetryText.Describe(status)} (reading {_encoder.ErrorIndex})");
            }

            if (await upstream.PublishAsync(topics.Telemetry(sourceId), _buffer.AsMemory(0, length), retain: false, ct).ConfigureAwait(false) != PublishOutcome.Acknowledged)
            {
                return false;
            }

            queue.Ack(CollectionsMarshal.AsSpan(_seqs));
            PublishedReadings += _seqs.Count;
        }

        return true;
    }

    private bool TryDecodeAlarm(QueuedEntry entry)
    {
        try
        {
            EntryCodec.ReadAlarm(entry.Payload, _alarm);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            Undecodable(entry);
            return false;
        }
    }

    private bool TryDecodeReading(QueuedEntry entry, out string tag, out double value, out string unit, out SignalQuality quality)
    {
        if (EntryCodec.TryReadReading(entry.Payload, out tag, out value, out unit, out quality, _strings))
        {
            return true;
        }

        Undecodable(entry);
        return false;
    }

    private void Undecodable(QueuedEntry entry)
    {
        UndecodableEntries++;
        queue.Ack(entry.Seq);
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
