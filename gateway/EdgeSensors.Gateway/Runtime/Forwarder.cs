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
/// got a PUBACK. Up to <see cref="MaxInFlight"/> messages are published before the oldest one's PUBACK is waited for
/// (MQTT keeps QoS 1 messages of one connection in order): waiting a broker round trip per message capped forwarding
/// at what one round trip allows, far below what the poll loops queue on a busy host. Any failed publish ends the
/// session once every message in flight has settled, so everything unacknowledged is offered again as backfill.
/// </summary>
public sealed class Forwarder(DurableQueue queue, MqttUpstream upstream, TelemetryTopics topics, string sourceId, int maxBatch = TelemetryContract.MaxReadingsPerBatch, int maxInFlight = Forwarder.DefaultMaxInFlight)
{
    /// <summary>Messages published and not yet acknowledged, at most, by default.</summary>
    public const int DefaultMaxInFlight = 8;

    private readonly TelemetryEncoder _encoder = new();
    private readonly TelemetryBatch _batch = new(Math.Min(maxBatch, TelemetryContract.MaxReadingsPerBatch));
    private readonly AlarmMessage _alarm = new();
    private readonly Utf8StringCache _strings = new();
    private readonly List<ulong> _seqs = new(Math.Min(maxBatch, TelemetryContract.MaxReadingsPerBatch));
    private readonly byte[] _buffer = new byte[TelemetryEncoder.MaxBatchBytes(Math.Min(maxBatch, TelemetryContract.MaxReadingsPerBatch))];
    private readonly Queue<InFlight> _inFlight = new();
    private readonly int _maxInFlight = maxInFlight >= 1 ? maxInFlight : throw new ArgumentOutOfRangeException(nameof(maxInFlight), maxInFlight, "at least one message must be allowed in flight");

    /// <summary>Messages published and not yet acknowledged, at most.</summary>
    public int MaxInFlight => _maxInFlight;

    /// <summary>The most messages that were awaiting their PUBACK at once so far (diagnostics: shows whether the window fills).</summary>
    public int InFlightHighWater { get; private set; }

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
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!upstream.IsConnected)
                {
                    if (!await SettleAllAsync().ConfigureAwait(false))
                    {
                        FailedPublishes++; // the connection dropped under messages in flight
                    }

                    wasConnected = false;
                    // Looked at often: entries appended between the connection and BeginSession would count as
                    // backlog (flagged backfill, paced), so the session starts within 10 ms of the connection.
                    await DelayAsync(TimeSpan.FromMilliseconds(10), ct).ConfigureAwait(false);
                    continue;
                }

                if (!wasConnected)
                {
                    // A new connection: everything not yet acknowledged is backlog, replayed as backfill.
                    if (!await SettleAllAsync().ConfigureAwait(false))
                    {
                        FailedPublishes++;
                    }

                    queue.BeginSession();
                    wasConnected = true;
                }

                if (_inFlight.Count >= _maxInFlight)
                {
                    await WaitForOldestAsync().ConfigureAwait(false);
                }

                if (!SettleCompleted())
                {
                    await EndSessionAfterFailureAsync(ct).ConfigureAwait(false);
                    continue;
                }

                if (_inFlight.Count >= _maxInFlight)
                {
                    continue;
                }

                ForwardBatch batch = queue.TakeBatch(_batch.Capacity);
                if (batch.Entries.Count == 0)
                {
                    if (_inFlight.Count > 0)
                    {
                        // Nothing new to send: the oldest PUBACK is a round trip away at most.
                        await WaitForOldestAsync().ConfigureAwait(false);
                        continue;
                    }

                    TimeSpan wait = batch.BacklogRetryAfter ?? TimeSpan.FromMilliseconds(500);
                    await queue.WaitForAppendAsync(wait < TimeSpan.FromMilliseconds(500) ? wait : TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                    continue;
                }

                Publish(batch.Entries, ct);
            }
        }
        finally
        {
            // Stopping: acknowledge what the broker confirmed; the rest stays queued for the next run.
            await SettleAllAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Publishes the entries' messages without waiting for their PUBACKs: alarms one message each, in order, then readings grouped by their backfill flag.</summary>
    private void Publish(IReadOnlyList<QueuedEntry> entries, CancellationToken ct)
    {
        // No per-reading closures or LINQ here: this loop runs for every reading the gateway forwards.
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
            if (_encoder.EncodeAlarm(_alarm, _buffer, 0, out int length) != TelemetryEncodeStatus.Ok)
            {
                Undecodable(entry); // the contract cannot carry it: counted, so it cannot block the queue
                continue;
            }

            Send(topics.Alarms(sourceId), length, [entry.Seq], EntryKind.AlarmEvent, ct);
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

            Send(topics.Telemetry(sourceId), length, [.. _seqs], EntryKind.Reading, ct);
        }
    }

    private void Send(string topic, int length, ulong[] seqs, EntryKind kind, CancellationToken ct)
    {
        // MqttUpstream copies the payload before its first await, so _buffer is free again when this returns.
        Task<PublishOutcome> outcome = upstream.PublishAsync(topic, _buffer.AsMemory(0, length), retain: false, ct);
        _inFlight.Enqueue(new InFlight(outcome, seqs, kind));
        InFlightHighWater = Math.Max(InFlightHighWater, _inFlight.Count);
    }

    /// <summary>Acks every completed message at the front, in order; false when one of them was not acknowledged.</summary>
    private bool SettleCompleted()
    {
        while (_inFlight.TryPeek(out InFlight? oldest) && oldest.Outcome.IsCompleted)
        {
            _inFlight.Dequeue();
            if (!Settle(oldest))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits for every message in flight and acks those the broker acknowledged; false when any was not.</summary>
    private async Task<bool> SettleAllAsync()
    {
        bool allAcknowledged = true;
        while (_inFlight.TryDequeue(out InFlight? oldest))
        {
            await WaitAsync(oldest.Outcome).ConfigureAwait(false);
            allAcknowledged &= Settle(oldest);
        }

        return allAcknowledged;
    }

    private async Task EndSessionAfterFailureAsync(CancellationToken ct)
    {
        FailedPublishes++;
        await SettleAllAsync().ConfigureAwait(false); // later messages may have got their PUBACK: keep those acks
        queue.BeginSession();
        await DelayAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
    }

    private bool Settle(InFlight message)
    {
        if (!message.Outcome.IsCompletedSuccessfully || message.Outcome.Result != PublishOutcome.Acknowledged)
        {
            return false;
        }

        queue.Ack(message.Seqs);
        if (message.Kind == EntryKind.AlarmEvent)
        {
            PublishedAlarms += message.Seqs.Length;
        }
        else
        {
            PublishedReadings += message.Seqs.Length;
        }

        return true;
    }

    private Task WaitForOldestAsync() => _inFlight.TryPeek(out InFlight? oldest) ? WaitAsync(oldest.Outcome) : Task.CompletedTask;

    /// <summary>Waits for a publish to end, however it ends (a cancelled or faulted one counts as not acknowledged).</summary>
    private static async Task WaitAsync(Task<PublishOutcome> outcome) =>
        await ((Task)outcome).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

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

    /// <summary>A message published and not yet settled: the entries it carries are acked when its PUBACK came.</summary>
    private sealed record InFlight(Task<PublishOutcome> Outcome, ulong[] Seqs, EntryKind Kind);

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
