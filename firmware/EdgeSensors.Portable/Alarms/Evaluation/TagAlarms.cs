using System;

namespace EdgeSensors.Alarms;

/// <summary>
/// Evaluates one tag's alarms: HH, H, L, LL, rate of change and sensor fault. <see cref="Evaluate"/> is a step
/// function of (value, quality, time): time is injected, nothing is read from a clock, and in steady state nothing is
/// allocated. The same class runs on the ESP32 node and on the gateway, so both raise the same alarms at the same readings.
/// The six alarm state machines (docs/alarms.md) are packed into this one object: states in 2 bits each, pending
/// flags in 1 bit each, and one long[] for the pending-since and raised-at times, so that a node with 128 alarmed tags
/// keeps its alarm states beside TLS in an ESP32's heap (docs/firmware.md, Memory budget).
/// Invariant per kind: the condition is present exactly when the state is active-unacknowledged or active-acknowledged.
/// </summary>
public sealed class TagAlarms
{
    /// <summary>The number of <see cref="AlarmKind"/>s.</summary>
    public const int KindCount = 6;

    /// <summary>The length in bytes of one tag's snapshot (see <see cref="WriteSnapshot"/>).</summary>
    public const int SnapshotLength = AlarmSnapshot.RecordLength;

    // The settings are read from the config itself (not copied): it is built once per config load and not changed after.
    private readonly TagAlarmConfig _config;

    // [k]: when kind k's pending change was first seen; [KindCount + k]: when kind k was last raised (ms).
    private readonly long[] _times;
    private readonly RateHistory? _rateHistory;
    private int _states;
    private int _pending;

    /// <exception cref="ArgumentException">The config is inconsistent; the message names the tag, the key and the fix.</exception>
    public TagAlarms(TagAlarmConfig config)
    {
        string? problem = config.Validate();
        if (problem != null)
        {
            throw new ArgumentException(problem);
        }

        _config = config;
        _times = new long[2 * KindCount];

        if (config.RateOfChange.Enabled)
        {
            _rateHistory = new RateHistory(config.RateHistoryLength, config.RateWindowMs);
        }

        LastValue = double.NaN;
        LastRatePerMinute = double.NaN;
        LastQuality = SignalQuality.CommFailure;
    }

    public string Tag => _config.Tag;

    public string Unit => _config.Unit;

    /// <summary>The last measured value (NaN before the first one).</summary>
    public double LastValue { get; private set; }

    /// <summary>The last computed rate in unit per minute (NaN when there is no rate alarm or not enough history yet).</summary>
    public double LastRatePerMinute { get; private set; }

    /// <summary>The quality of the last evaluation (a non-finite value counts as <see cref="SignalQuality.Invalid"/>).</summary>
    public SignalQuality LastQuality { get; private set; }

    /// <summary>The kinds whose state is not <see cref="AlarmState.Normal"/>.</summary>
    public AlarmKinds Active { get; private set; }

    /// <summary>The kinds waiting for an acknowledgement (active-unacknowledged or cleared-unacknowledged).</summary>
    public AlarmKinds Unacknowledged { get; private set; }

    public AlarmState GetState(AlarmKind kind)
    {
        return State((int)kind);
    }

    /// <summary>When <paramref name="kind"/> was last raised, in ms since the epoch (0 if never).</summary>
    public long GetRaisedAtMs(AlarmKind kind)
    {
        return _times[KindCount + (int)kind];
    }

    public AlarmLimit GetLimit(AlarmKind kind)
    {
        return _config.Get(kind);
    }

    /// <summary>
    /// One reading. Limits and rate are evaluated only on a measurement (<see cref="SignalQuality.Good"/> or
    /// <see cref="SignalQuality.OutOfRange"/>, finite); otherwise they keep their state, so an active alarm does not
    /// clear because its detector went silent, and the fault alarm says why. Events go to <paramref name="events"/>.
    /// </summary>
    public void Evaluate(double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        bool measurement = quality == SignalQuality.Good || quality == SignalQuality.OutOfRange;
        if (measurement && !TagAlarmConfig.IsFinite(value))
        {
            measurement = false;
            quality = SignalQuality.Invalid;
        }

        LastQuality = quality;
        if (measurement)
        {
            LastValue = value;
            StepAbove((int)AlarmKind.HighHigh, value, quality, nowMs, events);
            StepAbove((int)AlarmKind.High, value, quality, nowMs, events);
            StepBelow((int)AlarmKind.Low, value, quality, nowMs, events);
            StepBelow((int)AlarmKind.LowLow, value, quality, nowMs, events);
            StepRate(value, quality, nowMs, events);
        }
        else
        {
            for (int k = 0; k <= (int)AlarmKind.RateOfChange; k++)
            {
                Hold(k);
            }
        }

        int fault = (int)AlarmKind.SensorFault;
        if (_config.Get(AlarmKind.SensorFault).Enabled)
        {
            int trigger = quality == SignalQuality.Good ? 0 : 1 << ((int)quality - 1);
            Step(fault, (trigger & (int)_config.FaultTriggers) != 0, LastValue, quality, nowMs, events);
        }

        UpdateSummary();
    }

    /// <summary>Acknowledges one alarm. False when it was not waiting for an acknowledgement.</summary>
    public bool Acknowledge(AlarmKind kind, long nowMs, AlarmEventBuffer events)
    {
        int k = (int)kind;
        AlarmState state = State(k);
        if (state == AlarmState.ActiveUnacknowledged)
        {
            SetState(k, AlarmState.ActiveAcknowledged);
        }
        else if (state == AlarmState.ClearedUnacknowledged)
        {
            // A latched, cleared alarm goes back to normal.
            SetState(k, AlarmState.Normal);
        }
        else
        {
            return false;
        }

        UpdateSummary();
        Emit(k, AlarmEventType.Acknowledged, nowMs, LastValue, LastQuality, events);
        if (State(k) == AlarmState.Normal)
        {
            Emit(k, AlarmEventType.Cleared, nowMs, LastValue, LastQuality, events);
        }

        return true;
    }

    /// <summary>Acknowledges every alarm of this tag; returns how many were waiting.</summary>
    public int AcknowledgeAll(long nowMs, AlarmEventBuffer events)
    {
        int acknowledged = 0;
        for (int k = 0; k < KindCount; k++)
        {
            if (Acknowledge((AlarmKind)k, nowMs, events))
            {
                acknowledged++;
            }
        }

        return acknowledged;
    }

    /// <summary>
    /// Writes this tag's alarm states as a <see cref="SnapshotLength"/>-byte record (versioned, CRC-16 protected) at
    /// <paramref name="offset"/>, for the caller to store; returns the length written.
    /// </summary>
    public int WriteSnapshot(byte[] buffer, int offset)
    {
        return AlarmSnapshot.Write(this, buffer, offset);
    }

    /// <summary>
    /// Restores the alarm states from a record written by <see cref="WriteSnapshot"/>. Nothing changes unless the
    /// record is intact and belongs to this tag. Active and latched alarms come back active (no events are emitted:
    /// they were reported when raised). An alarm that is no longer configured comes back normal. Delays in progress
    /// and the rate history start afresh.
    /// </summary>
    public SnapshotStatus RestoreSnapshot(byte[] buffer, int offset, int length)
    {
        SnapshotStatus status = AlarmSnapshot.Check(Tag, buffer, offset, length);
        if (status == SnapshotStatus.Restored)
        {
            AlarmSnapshot.Apply(buffer, offset, this);
            UpdateSummary();
        }

        return status;
    }

    internal static bool IsUnacknowledged(AlarmState state)
    {
        return state == AlarmState.ActiveUnacknowledged || state == AlarmState.ClearedUnacknowledged;
    }

    /// <summary>Sets one alarm's state from a snapshot: no events; a delay in progress starts again.</summary>
    internal void Restore(int kind, AlarmState state, long raisedAtMs)
    {
        SetState(kind, state);
        _times[KindCount + kind] = raisedAtMs;
        _pending &= ~(1 << kind);
    }

    private AlarmState State(int kind)
    {
        return (AlarmState)((_states >> (2 * kind)) & 3);
    }

    private void SetState(int kind, AlarmState state)
    {
        _states = (_states & ~(3 << (2 * kind))) | ((int)state << (2 * kind));
    }

    private bool ConditionPresent(int kind)
    {
        AlarmState state = State(kind);
        return state == AlarmState.ActiveUnacknowledged || state == AlarmState.ActiveAcknowledged;
    }

    /// <summary>No usable input this step: the state stays, and a delay in progress must start again from a usable reading.</summary>
    private void Hold(int kind)
    {
        _pending &= ~(1 << kind);
    }

    /// <summary>Recomputes <see cref="Active"/> and <see cref="Unacknowledged"/> once per call, so outputs read them for free.</summary>
    private void UpdateSummary()
    {
        int active = 0;
        int unacknowledged = 0;
        for (int k = 0; k < KindCount; k++)
        {
            AlarmState state = State(k);
            if (state != AlarmState.Normal)
            {
                active |= 1 << k;
            }

            if (IsUnacknowledged(state))
            {
                unacknowledged |= 1 << k;
            }
        }

        Active = (AlarmKinds)active;
        Unacknowledged = (AlarmKinds)unacknowledged;
    }

    private void StepAbove(int kind, double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        AlarmLimit settings = _config.Get((AlarmKind)kind);
        if (settings.Enabled)
        {
            // Raised at or above the limit; once present, held until the value drops below limit - hysteresis.
            double threshold = ConditionPresent(kind) ? settings.Limit - settings.Hysteresis : settings.Limit;
            Step(kind, value >= threshold, value, quality, nowMs, events);
        }
    }

    private void StepBelow(int kind, double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        AlarmLimit settings = _config.Get((AlarmKind)kind);
        if (settings.Enabled)
        {
            double threshold = ConditionPresent(kind) ? settings.Limit + settings.Hysteresis : settings.Limit;
            Step(kind, value <= threshold, value, quality, nowMs, events);
        }
    }

    private void StepRate(double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        int kind = (int)AlarmKind.RateOfChange;
        if (_rateHistory == null)
        {
            return;
        }

        if (!_rateHistory.TryAdd(value, nowMs, out double perMinute))
        {
            LastRatePerMinute = double.NaN;
            Hold(kind);
            return;
        }

        LastRatePerMinute = perMinute;
        double speed = perMinute;
        if (_config.RateDirection == RateDirection.Falling || (_config.RateDirection == RateDirection.Either && perMinute < 0))
        {
            speed = -perMinute;
        }

        AlarmLimit settings = _config.Get((AlarmKind)kind);
        double threshold = ConditionPresent(kind) ? settings.Limit - settings.Hysteresis : settings.Limit;
        Step(kind, speed >= threshold, perMinute, quality, nowMs, events);
    }

    /// <summary>
    /// One evaluation of one alarm, told whether its condition holds (hysteresis already applied). A change of
    /// condition must persist for the on-delay (to raise) or the off-delay (to clear), measured from the first step
    /// that saw it; any step that sees the old condition again restarts that wait. Emits the event of a change.
    /// </summary>
    private void Step(int kind, bool condition, double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        int bit = 1 << kind;
        if (condition == ConditionPresent(kind))
        {
            _pending &= ~bit;
            return;
        }

        // A clock that stepped backwards (an SNTP correction) restarts the wait rather than making it negative.
        if ((_pending & bit) == 0 || nowMs < _times[kind])
        {
            _pending |= bit;
            _times[kind] = nowMs;
        }

        AlarmLimit settings = _config.Get((AlarmKind)kind);
        long delayMs = condition ? settings.OnDelayMs : settings.OffDelayMs;
        if (nowMs - _times[kind] < delayMs)
        {
            return;
        }

        _pending &= ~bit;
        AlarmEventType happened;
        if (condition)
        {
            SetState(kind, AlarmState.ActiveUnacknowledged);
            _times[KindCount + kind] = nowMs;
            happened = AlarmEventType.Raised;
        }
        else if (State(kind) == AlarmState.ActiveUnacknowledged && settings.Latching)
        {
            SetState(kind, AlarmState.ClearedUnacknowledged);
            happened = AlarmEventType.Returned;
        }
        else
        {
            SetState(kind, AlarmState.Normal);
            happened = AlarmEventType.Cleared;
        }

        Emit(kind, happened, nowMs, value, quality, events);
    }

    private void Emit(int kind, AlarmEventType type, long nowMs, double value, SignalQuality quality, AlarmEventBuffer events)
    {
        events.Add(new AlarmEvent(Tag, Unit, (AlarmKind)kind, type, State(kind), nowMs, value, _config.Get((AlarmKind)kind).Limit, quality));
    }
}
