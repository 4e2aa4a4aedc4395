using System;
using EdgeSensors.Alarms;
using EdgeSensors.Node.Buffering;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Outputs;
using EdgeSensors.Node.Persistence;
using EdgeSensors.Node.Polling;
using EdgeSensors.Node.Status;
using EdgeSensors.Node.Uplink;

namespace EdgeSensors.Node;

/// <summary>
/// The sensor node: polls its RS-485 instruments, evaluates their alarms and drives the local outputs, buffers every
/// reading and alarm event with a seq, and publishes them when the broker is reachable. The platform calls
/// <see cref="Step(long, long)"/> in its main loop; no call blocks, so the loop can run under a watchdog. Buffers are allocated
/// here, once, and a steady poll cycle allocates nothing.
/// </summary>
public sealed class NodeRuntime : IReadingSink
{
    /// <summary>How often the delivered mark is written to flash at most, in ms: a reboot may resend up to this much (QoS 1 allows it).</summary>
    public const long DeliveredMarkIntervalMs = 10000;

    /// <summary>The wall clock passed to <see cref="Step(long, long)"/> while it is not set yet (SNTP has not answered).</summary>
    public const long ClockNotSet = long.MinValue;

    private readonly IRtuLine _line;
    private readonly int _baud;
    private readonly IMqttLink _link;
    private readonly IPinDriver _pins;
    private readonly IConfigEnvelopeOpener _opener;
    private readonly NodeMessages _messages;
    private NodeSetup _setup;
    private ulong _nextSeq;
    private ulong _backfillThrough;
    private bool _online;
    private long _lastMarkMs;
    private long _stepNowMs;
    private bool _clockSet;
    private long _wallOffsetMs;
    private bool _seqKnown;
    private ulong _firstOwnSeq;
    private readonly bool _bootFlash;
    private readonly string _bootPrefix;

    /// <param name="bootConfig">The config the image starts with (revision 0). Its buffer sizes and flash setting hold until the next start.</param>
    /// <param name="line">The RS-485 line.</param>
    /// <param name="baud">The line's speed, for the silence between frames.</param>
    /// <param name="link">The MQTT connection.</param>
    /// <param name="pins">The GPIO outputs.</param>
    /// <param name="system">Uptime and free memory, for the status message.</param>
    /// <param name="file">The flash record file, used when the config turns flash on; may be null otherwise.</param>
    /// <param name="alarmFile">The flash file of alarm states (<see cref="AlarmStateStore"/>), used when the config turns flash on; may be null otherwise.</param>
    /// <param name="opener">Checks signed config messages.</param>
    /// <param name="nowMs">Now, on the node's monotonic clock in ms (any origin; the one <see cref="Step(long, long)"/> gets). The wall clock need not be set.</param>
    /// <exception cref="ArgumentException">The boot config cannot be built (an output names an unknown tag); the message says which.</exception>
    public NodeRuntime(NodeConfig bootConfig, IRtuLine line, int baud, IMqttLink link, IPinDriver pins, ISystemInfo system, IRecordFile? file, IRecordFile? alarmFile, IConfigEnvelopeOpener opener, long nowMs)
    {
        _line = line;
        _baud = baud;
        _link = link;
        _pins = pins;
        System = system;
        _opener = opener;
        _setup = NodeSetup.Build(bootConfig, pins, baud, nowMs);
        _bootFlash = bootConfig.Flash;
        _bootPrefix = bootConfig.Prefix;
        Readings = new ReadingRing(bootConfig.BufferCapacity);
        Alarms = new AlarmRing(bootConfig.AlarmBufferCapacity);
        _messages = new NodeMessages(this, bootConfig.BatchSize);
        _setup.Panel.RefreshOutputs();
        if (bootConfig.Flash && alarmFile != null)
        {
            // Latched and active alarms come back before the first poll, and their outputs with them.
            AlarmStates = new AlarmStateStore(alarmFile);
            AlarmStates.Load(_setup.Panel);
        }

        // Producer rule 5 of docs/telemetry.md: with nothing stored, start above any number given out before, that is
        // at time_ms x 1000 of the wall clock. Until the clock is set, numbers are provisional (from 0) and are moved up
        // by that base when it is (ClockBecameSet); with a stored reservation they are final at once.
        if (bootConfig.Flash && file != null)
        {
            Store = new FlashStore(file, bootConfig.BufferCapacity);
            Store.Load(Readings, _setup.TagPaths, _setup.Units);
            if (Store.HasState || Store.NextSeq > 0)
            {
                _nextSeq = Store.NextSeq;
                _seqKnown = true;
            }

            // Whatever came back from flash is history: it goes out flagged backfill.
            _backfillThrough = _nextSeq - 1;
        }

        _firstOwnSeq = _nextSeq;

        _lastMarkMs = nowMs;
    }

    public string NodeId => _setup.Config.NodeId;

    public int ConfigRevision => _setup.Config.Revision;

    public NodeConfig Config => _setup.Config;

    public ISystemInfo System { get; }

    public ReadingRing Readings { get; }

    public AlarmRing Alarms { get; }

    /// <summary>The flash store, or null when flash is off.</summary>
    public FlashStore? Store { get; }

    /// <summary>The alarm states on flash, or null when flash is off.</summary>
    public AlarmStateStore? AlarmStates { get; }

    public AlarmPanel Panel => _setup.Panel;

    public PollScheduler Scheduler => _setup.Scheduler;

    /// <summary>The seq the next reading or alarm event gets.</summary>
    public ulong NextSeq => _nextSeq;

    /// <summary>
    /// The alarm-evaluator heartbeat: tag evaluations since start. The fleet server halts a rollout when it stops
    /// growing (docs/config-rollout.md); it grows with every poll of an alarmed tag, good or failed.
    /// </summary>
    public long AlarmEvaluations { get; private set; }

    /// <summary>Unix time in ms of the last alarm evaluation; 0 before the first, or while the clock is not set.</summary>
    public long LastAlarmEvaluationMs { get; private set; }

    public long PublishedReadings { get; internal set; }

    public long PublishedAlarms { get; internal set; }

    public long FailedPublishes { get; internal set; }

    /// <summary>Configs refused since start.</summary>
    public long RejectedConfigs { get; private set; }

    /// <summary>
    /// The settings of the running config that differ from what was allocated at start ("buffer 64 -> 128, flash false -> true"),
    /// which only a restart applies; "" when none. Reported in the config report's reason and as the status's restart_required.
    /// </summary>
    public string RestartRequiredFor { get; private set; } = "";

    /// <summary>Why the last config was refused; "" when none was.</summary>
    public string LastRejectReason { get; private set; } = "";

    /// <summary>The topic the adapter subscribes to for signed configs (retained).</summary>
    public string ConfigTopic => _setup.ConfigTopic;

    public string ConfigReportedTopic => _setup.ConfigReportedTopic;

    /// <summary>The topic the adapter subscribes to for alarm acknowledgements ("device/tag" or "*").</summary>
    public string AckTopic => _setup.AckTopic;

    public string StatusTopic => _setup.StatusTopic;

    internal NodeSetup Setup => _setup;

    internal IMqttLink Link => _link;

    internal ulong BackfillThrough => _backfillThrough;

    public string DeviceName(int device) => _setup.Config.Devices[device].Name;

    public int DeviceUnit(int device) => _setup.Config.Devices[device].Unit;

    /// <summary>True once a wall-clock time has been given to <see cref="Step(long, long)"/>: readings are then stamped and published.</summary>
    public bool ClockSet => _clockSet;

    /// <summary>A step with a wall clock that is set and serves as the monotonic clock too (the host runner, tests).</summary>
    public void Step(long nowMs)
    {
        Step(nowMs, nowMs);
    }

    /// <summary>
    /// Does whatever can be done now: polls, evaluates alarms and drives the outputs, buffers, publishes. Never waits.
    /// Polling, alarms and outputs run on <paramref name="monotonicMs"/> and never wait for the wall clock: until
    /// <paramref name="wallMs"/> is set (not <see cref="ClockNotSet"/>) readings and alarm events are buffered with
    /// monotonic times and provisional seqs, and nothing is published; the first step with the clock set stamps them
    /// (time + the clock's offset, seq + time_ms x 1000 without flash) and they go out flagged backfill.
    /// </summary>
    /// <param name="monotonicMs">A clock that never steps (uptime), in ms.</param>
    /// <param name="wallMs">Now in ms since the Unix epoch, or <see cref="ClockNotSet"/>.</param>
    public void Step(long monotonicMs, long wallMs)
    {
        if (wallMs != ClockNotSet)
        {
            // Followed every step, so an SNTP correction moves the stamps of what is buffered from then on.
            _wallOffsetMs = wallMs - monotonicMs;
            if (!_clockSet)
            {
                ClockBecameSet(wallMs);
            }
        }

        long nowMs = monotonicMs;
        bool online = _link.IsConnected && _clockSet;
        if (!online)
        {
            // Anything buffered while the broker is away is replayed later, flagged backfill (before the clock is set,
            // ClockBecameSet marks it so).
            if (_clockSet)
            {
                _backfillThrough = _nextSeq - 1;
            }

            if (_online && Store != null)
            {
                PersistUnsaved();
            }
        }

        _online = online;
        _stepNowMs = nowMs;
        _setup.Scheduler.Step(_line, nowMs, this);
        if (_clockSet)
        {
            _messages.Step(nowMs, wallMs);
        }

        if (Store != null && nowMs - _lastMarkMs >= DeliveredMarkIntervalMs)
        {
            _lastMarkMs = nowMs;
            Store.SaveDelivered();
        }
    }

    /// <summary>Called by the poller for every tag it read (or failed to read).</summary>
    public void OnReading(int tagIndex, double value, SignalQuality quality, long timeMs)
    {
        int panelIndex = _setup.PanelIndex[tagIndex];
        if (panelIndex >= 0)
        {
            // Alarms are evaluated at the time of the poll, whatever the reading's own (a stale value keeps its time).
            _setup.Panel.Evaluate(panelIndex, value, quality, _stepNowMs);
            AlarmEvaluations++;
            LastAlarmEvaluationMs = _clockSet ? _stepNowMs + _wallOffsetMs : 0;
            DrainAlarmEvents();
        }

        if (Readings.Count == Readings.Capacity)
        {
            _messages.Overwriting(Readings.OldestSeq);
        }

        // Before the clock is set the monotonic time is kept as it is, and stamped in ClockBecameSet.
        long stamped = _clockSet ? timeMs + _wallOffsetMs : timeMs;
        int slot = Readings.Push(_setup.TagPaths[tagIndex], _setup.Units[tagIndex], value, quality, stamped, TakeSeq());
        if (Store != null && !_online && _clockSet)
        {
            Store.WriteReading(Readings, slot);
        }
    }

    /// <summary>Acknowledges the alarms of one tag ("device/tag") or of all ("*") at <paramref name="nowMs"/> (the monotonic clock of <see cref="Step(long, long)"/>); returns how many were waiting.</summary>
    public int Acknowledge(string tag, long nowMs)
    {
        AlarmPanel panel = _setup.Panel;
        if (tag != OutputBinding.AnyTag)
        {
            int index = panel.IndexOf(tag);
            int acknowledged = index < 0 ? 0 : panel.AcknowledgeTag(index, nowMs);
            DrainAlarmEvents();
            return acknowledged;
        }

        // Tag by tag, draining in between, so the small event buffer never overflows on an acknowledge-all.
        int count = 0;
        for (int t = 0; t < panel.TagCount; t++)
        {
            count += panel.AcknowledgeTag(t, nowMs);
            DrainAlarmEvents();
        }

        return count;
    }

    /// <summary>
    /// A message arrived on the config topic. It is checked (envelope, signature, revision), parsed and built in full;
    /// only then does it replace the running config, with the alarm states carried over. Anything wrong leaves the
    /// running config as it is. Either way the outcome is reported on config/reported. Returns whether it was applied.
    /// </summary>
    public bool OfferConfig(byte[] message, int length, long nowMs)
    {
        if (!_opener.TryOpen(message, length, out int revision, out int bodyOffset, out int bodyLength, out string sha256, out string reason))
        {
            return Reject(revision, sha256, "envelope: " + reason);
        }

        NodeConfig running = _setup.Config;
        if (revision == running.Revision && sha256 == running.BodySha256Hex)
        {
            // The retained config comes back on every reconnect: it is the one running, so there is nothing to report.
            return false;
        }

        if (revision <= running.Revision)
        {
            return Reject(revision, sha256, "revision " + revision.ToString() + " is not newer than the running revision " + running.Revision.ToString() + "; publish the config with a higher revision");
        }

        var parser = new NodeConfigParser();
        NodeConfig? config = parser.Parse(message, bodyOffset, bodyLength);
        if (config == null)
        {
            return Reject(revision, sha256, parser.Error);
        }

        if (config.NodeId != running.NodeId)
        {
            return Reject(revision, sha256, "node = '" + config.NodeId + "' but this node is '" + running.NodeId + "'; the config was meant for another node");
        }

        config.Revision = revision;
        config.BodySha256Hex = sha256;
        NodeSetup setup;
        try
        {
            setup = NodeSetup.Build(config, _pins, _baud, nowMs);
        }
        catch (ArgumentException e)
        {
            return Reject(revision, sha256, e.Message);
        }

        // Active and latched alarms survive the swap: records are matched to tags by name.
        NodeSetup old = _setup;
        var snapshot = new byte[old.Panel.SnapshotLength];
        old.Panel.WriteSnapshot(snapshot, 0);
        setup.Panel.RestoreSnapshot(snapshot, 0, snapshot.Length, out int _);
        _setup = setup;
        if (AlarmStates != null)
        {
            // The new panel's order: each tag's record moves to its new index.
            AlarmStates.WriteAll(setup.Panel);
        }

        // buffer, alarm_buffer, batch and flash size memory allocated once at start, and the MQTT subscriptions follow
        // the boot prefix: a change of those takes effect at the next start, and the node says so rather than ignoring it.
        RestartRequiredFor = RestartNeeds(config);
        _messages.QueueConfigReport(revision, sha256, true, RestartRequiredFor.Length == 0 ? "" : "restart required: " + RestartRequiredFor + " take effect at the next start; the rest is applied");
        return true;
    }

    private string RestartNeeds(NodeConfig config)
    {
        string needs = "";
        needs = Differs(needs, "buffer", Readings.Capacity, config.BufferCapacity);
        needs = Differs(needs, "alarm_buffer", Alarms.Capacity, config.AlarmBufferCapacity);
        needs = Differs(needs, "batch", _messages.BatchCapacity, config.BatchSize);
        if (config.Flash != _bootFlash)
        {
            needs = (needs.Length == 0 ? "" : needs + ", ") + "flash " + (_bootFlash ? "true" : "false") + " -> " + (config.Flash ? "true" : "false");
        }

        if (config.Prefix != _bootPrefix)
        {
            needs = (needs.Length == 0 ? "" : needs + ", ") + "prefix '" + _bootPrefix + "' -> '" + config.Prefix + "' (subscriptions)";
        }

        return needs;
    }

    private static string Differs(string needs, string key, int running, int wanted)
    {
        if (running == wanted)
        {
            return needs;
        }

        return (needs.Length == 0 ? "" : needs + ", ") + key + " " + running.ToString() + " -> " + wanted.ToString();
    }

    internal ulong TakeSeq()
    {
        ulong seq = _nextSeq++;
        if (Store != null && _seqKnown && seq >= Store.ReservedThrough)
        {
            // Reserve the next block on flash before using it, so no number is handed out twice across a power cut.
            Store.Reserve(seq + FlashStore.SeqBlock);
        }

        return seq;
    }

    internal void MarkFailed()
    {
        FailedPublishes++;
        _backfillThrough = _nextSeq - 1;
    }

    private bool Reject(int revision, string sha256, string reason)
    {
        RejectedConfigs++;
        LastRejectReason = reason;
        _messages.QueueConfigReport(revision, sha256, false, reason);
        return false;
    }

    private void DrainAlarmEvents()
    {
        AlarmEventBuffer events = _setup.Panel.Events;
        int written = -1;
        for (int e = 0; e < events.Count; e++)
        {
            AlarmEvent alarm = events[e];
            int index = _setup.Panel.IndexOf(alarm.Tag);
            bool latched = index >= 0 && _setup.Panel.GetTag(index).GetLimit(alarm.Kind).Latching;
            Alarms.Push(alarm, _clockSet ? _wallOffsetMs : 0, latched, TakeSeq());
            if (AlarmStates != null && index >= 0 && index != written)
            {
                // Every change of state goes to flash at once: a latched alarm must outlive a power cut.
                AlarmStates.Write(_setup.Panel, index);
                written = index;
            }
        }

        events.Clear();
    }

    /// <summary>
    /// The wall clock is known for the first time: what was buffered before gets its real times (monotonic + offset)
    /// and, when seq was provisional, its real numbers (+ time_ms x 1000, producer rule 5), in the order taken. It was
    /// not sent when taken, so it goes out as backfill.
    /// </summary>
    private void ClockBecameSet(long wallMs)
    {
        _clockSet = true;
        ulong seqShift = 0;
        if (!_seqKnown)
        {
            seqShift = (ulong)wallMs * 1000;
            _seqKnown = true;
            _nextSeq += seqShift;
            if (Store != null)
            {
                Store.Reserve(_nextSeq + FlashStore.SeqBlock);
            }
        }

        Readings.Rebase(_firstOwnSeq, seqShift, _wallOffsetMs);
        Alarms.Rebase(seqShift, _wallOffsetMs);
        _firstOwnSeq += seqShift;
        _backfillThrough = _nextSeq - 1;
        if (Store != null && !_link.IsConnected)
        {
            PersistUnsaved();
        }
    }

    private void PersistUnsaved()
    {
        for (int i = 0; i < Readings.Count; i++)
        {
            int slot = Readings.SlotAt(i);
            if (!Readings.IsPersisted(slot))
            {
                Store!.WriteReading(Readings, slot);
            }
        }
    }
}
