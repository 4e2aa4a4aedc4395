using EdgeSensors.Alarms;
using EdgeSensors.Config.Wire;
using EdgeSensors.Node.Buffering;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Status;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Node.Uplink;

/// <summary>
/// Picks the node's next MQTT message and follows it to the broker's acknowledgement, one at a time: a pending config
/// report first, then alarm events (oldest first), then the status when due, then readings in batches. A buffered item
/// is forgotten only once the broker acknowledged it; a failed publish leaves it buffered, to be resent flagged
/// backfill. Payloads are encoded by the shared <see cref="TelemetryEncoder"/> into one buffer allocated here.
/// </summary>
internal sealed class NodeMessages
{
    private readonly NodeRuntime _node;
    private readonly TelemetryEncoder _encoder = new TelemetryEncoder();
    private readonly TelemetryBatch _batch;
    private readonly AlarmMessage _alarm = new AlarmMessage();
    private readonly StatusWriter _status = new StatusWriter();
    private readonly byte[] _payload;
    private ConfigReportEncoder? _report;
    private Sending _sending;
    private ulong _sendingFirst;
    private ulong _sendingThrough;
    private int _overwrittenInFlight;
    private int _sendingReport;
    private long _lastStatusMs;
    private bool _statusSent;
    private int _reportNumber;
    private int _reportRevision;
    private string _reportSha = "";
    private bool _reportApplied;
    private string _reportReason = "";
    private bool _reportPending;

    public NodeMessages(NodeRuntime node, int batchCapacity)
    {
        _node = node;
        _batch = new TelemetryBatch(batchCapacity);
        _payload = new byte[PayloadBytes(batchCapacity)];
    }

    private enum Sending
    {
        Nothing,
        Alarm,
        Readings,
        Status,
        Report,
    }

    /// <summary>Longest reason sent in a config report, in chars; a longer one is cut.</summary>
    public const int MaxReasonChars = 400;

    /// <summary>Upper bound of a config report: 160 bytes of members and hash, each reason char at most 6 bytes escaped.</summary>
    public const int MaxReportBytes = 160 + (6 * MaxReasonChars);

    public int BatchCapacity => _batch.Capacity;

    /// <summary>Readings or events the encoder refused (a time before 1970: the clock was not set), dropped and counted.</summary>
    public long EncodeFailures { get; private set; }

    /// <summary>The one payload buffer: the largest of a full batch, an alarm, a status with the most devices, a config report.</summary>
    public static int PayloadBytes(int batchCapacity)
    {
        int size = TelemetryEncoder.MaxBatchBytes(batchCapacity);
        int status = StatusWriter.MaxBaseBytes + (NodeConfigParser.MaxDevices * StatusWriter.MaxDeviceBytes);
        size = status > size ? status : size;
        size = MaxReportBytes > size ? MaxReportBytes : size;
        return TelemetryEncoder.MaxAlarmBytes > size ? TelemetryEncoder.MaxAlarmBytes : size;
    }

    /// <summary>The reading <paramref name="seq"/> is about to be overwritten in the full buffer; notes whether it is on its way.</summary>
    public void Overwriting(ulong seq)
    {
        if (_sending == Sending.Readings && seq >= _sendingFirst && seq <= _sendingThrough)
        {
            _overwrittenInFlight++;
        }
    }

    public void QueueConfigReport(int revision, string sha256, bool applied, string reason)
    {
        _reportNumber++;
        _reportRevision = revision;
        _reportSha = sha256;
        _reportApplied = applied;
        _reportReason = reason.Length > MaxReasonChars ? reason.Substring(0, MaxReasonChars) : reason;
        _reportPending = true;
    }

    /// <param name="nowMs">The monotonic clock: when the status is due.</param>
    /// <param name="wallMs">The wall clock (set): the status message's time.</param>
    public void Step(long nowMs, long wallMs)
    {
        IMqttLink link = _node.Link;
        if (_sending != Sending.Nothing)
        {
            PublishProgress progress = link.Progress;
            if (progress == PublishProgress.Pending)
            {
                return;
            }

            if (progress == PublishProgress.Delivered)
            {
                Delivered(nowMs);
            }
            else
            {
                _node.MarkFailed();
            }

            _sending = Sending.Nothing;
        }

        if (!link.IsConnected)
        {
            return;
        }

        if (_reportPending)
        {
            SendReport(link);
        }
        else if (_node.Alarms.Count > 0)
        {
            SendAlarm(link);
        }
        else if (!_statusSent || nowMs - _lastStatusMs >= _node.Config.StatusIntervalMs || _lastStatusMs - nowMs > _node.Config.StatusIntervalMs)
        {
            SendStatus(link, nowMs, wallMs);
        }
        else if (_node.Readings.Count > 0)
        {
            SendReadings(link);
        }
    }

    private void Delivered(long nowMs)
    {
        switch (_sending)
        {
            case Sending.Alarm:
                _node.Alarms.RemoveOldest();
                _node.PublishedAlarms++;
                break;
            case Sending.Readings:
                // Readings overwritten while their message was on its way were delivered all the same: not lost.
                _node.Readings.Recovered(_overwrittenInFlight);
                _node.PublishedReadings += _node.Readings.RemoveThrough(_sendingThrough) + _overwrittenInFlight;
                if (_node.Store != null)
                {
                    _node.Store.Delivered(_sendingThrough);
                }

                break;
            case Sending.Report:
                _reportPending = _reportNumber != _sendingReport;
                break;
            default:
                break;
        }
    }

    private void SendReport(IMqttLink link)
    {
        // Made at the first report (a config delivery), not at start: most of the time a node has none to send.
        _report ??= new ConfigReportEncoder();
        int length = _report.Encode(_reportRevision, _reportSha, _reportApplied, _reportReason, _payload, 0);
        if (length < 0)
        {
            // Cannot happen with the sizes above; never retry a report that cannot be written.
            _reportPending = false;
            return;
        }

        if (link.BeginPublish(_node.ConfigReportedTopic, _payload, length, true))
        {
            _sending = Sending.Report;
            _sendingReport = _reportNumber;
        }
    }

    private void SendAlarm(IMqttLink link)
    {
        AlarmRing alarms = _node.Alarms;
        AlarmEvent alarm = alarms.Oldest;
        _alarm.Source = _node.NodeId;
        _alarm.Backfill = alarms.OldestSeq <= _node.BackfillThrough;
        _alarm.Tag = alarm.Tag;
        _alarm.Kind = alarm.Kind;
        _alarm.State = alarm.Type;
        _alarm.Value = alarm.Value;

        // The evaluator's fault alarm has limit 0; on the wire a fault has no limit (null).
        _alarm.Limit = alarm.Kind == AlarmKind.SensorFault ? double.NaN : alarm.Limit;
        _alarm.Unit = alarm.Kind == AlarmKind.RateOfChange ? alarm.Unit + "/min" : alarm.Unit;
        _alarm.TimeMs = alarm.TimeMs;
        _alarm.Seq = alarms.OldestSeq;
        _alarm.Latched = alarms.OldestLatched;
        if (_encoder.EncodeAlarm(_alarm, _payload, 0, out int length) != TelemetryEncodeStatus.Ok)
        {
            EncodeFailures++;
            alarms.RemoveOldest();
            return;
        }

        if (link.BeginPublish(_node.Setup.AlarmsTopic, _payload, length, false))
        {
            _sending = Sending.Alarm;
        }
    }

    private void SendStatus(IMqttLink link, long nowMs, long wallMs)
    {
        int length = _status.Write(_payload, _node, wallMs);
        _lastStatusMs = nowMs;
        _statusSent = true;
        if (length > 0 && link.BeginPublish(_node.StatusTopic, _payload, length, true))
        {
            _sending = Sending.Status;
        }
    }

    private void SendReadings(IMqttLink link)
    {
        ReadingRing readings = _node.Readings;
        ulong backfillThrough = _node.BackfillThrough;
        _batch.Clear();
        _batch.Source = _node.NodeId;
        _batch.Backfill = readings.SeqAt(readings.SlotAt(0)) <= backfillThrough;
        for (int i = 0; i < readings.Count; i++)
        {
            int slot = readings.SlotAt(i);

            // Live and replayed readings never share a message (docs/telemetry.md, producer rule 3).
            if ((readings.SeqAt(slot) <= backfillThrough) != _batch.Backfill || !_batch.TryAdd(readings.TagAt(slot), readings.ValueAt(slot), readings.UnitAt(slot), readings.QualityAt(slot), readings.TimeAt(slot), readings.SeqAt(slot)))
            {
                break;
            }
        }

        if (_encoder.EncodeBatch(_batch, _payload, 0, out int length) != TelemetryEncodeStatus.Ok)
        {
            int bad = _encoder.ErrorIndex < 0 ? 0 : _encoder.ErrorIndex;
            EncodeFailures += readings.RemoveThrough(_batch[bad].Seq);
            return;
        }

        if (link.BeginPublish(_node.Setup.TelemetryTopic, _payload, length, false))
        {
            _sending = Sending.Readings;
            _sendingFirst = _batch[0].Seq;
            _sendingThrough = _batch[_batch.Count - 1].Seq;
            _overwrittenInFlight = 0;
        }
    }
}
