using System;

namespace EdgeSensors.Alarms;

/// <summary>
/// Evaluates one tag's alarms: HH, H, L, LL, rate of change and sensor fault. <see cref="Evaluate"/> is a step
/// function of (value, quality, time): time is injected, nothing is read from a clock, and in steady state nothing is
/// allocated. The same class runs on the ESP32 node and on the gateway, so both raise the same alarms at the same readings.
/// </summary>
public sealed class TagAlarms
{
    /// <summary>The number of <see cref="AlarmKind"/>s.</summary>
    public const int KindCount = 6;

    /// <summary>The length in bytes of one tag's snapshot (see <see cref="WriteSnapshot"/>).</summary>
    public const int SnapshotLength = AlarmSnapshot.RecordLength;

    private readonly AlarmSlot[] _slots;
    private readonly RateHistory? _rateHistory;
    private readonly RateDirection _rateDirection;
    private readonly FaultTriggers _faultTriggers;

    /// <exception cref="ArgumentException">The config is inconsistent; the message names the tag, the key and the fix.</exception>
    public TagAlarms(TagAlarmConfig config)
    {
        string? problem = config.Validate();
        if (problem != null)
        {
            throw new ArgumentException(problem);
        }

        Tag = config.Tag;
        Unit = config.Unit;
        _slots = new AlarmSlot[KindCount];
        for (int k = 0; k < KindCount; k++)
        {
            _slots[k] = new AlarmSlot((AlarmKind)k, config.Get((AlarmKind)k));
        }

        if (config.RateOfChange.Enabled)
        {
            _rateHistory = new RateHistory(config.RateHistoryLength, config.RateWindowMs);
        }

        _rateDirection = config.RateDirection;
        _faultTriggers = config.FaultTriggers;
        LastValue = double.NaN;
        LastRatePerMinute = double.NaN;
        LastQuality = SignalQuality.CommFailure;
    }

    public string Tag { get; }

    public string Unit { get; }

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
        return _slots[(int)kind].State;
    }

    /// <summary>When <paramref name="kind"/> was last raised, in ms since the epoch (0 if never).</summary>
    public long GetRaisedAtMs(AlarmKind kind)
    {
        return _slots[(int)kind].RaisedAtMs;
    }

    public AlarmLimit GetLimit(AlarmKind kind)
    {
        return _slots[(int)kind].Settings;
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
            StepAbove(_slots[(int)AlarmKind.HighHigh], value, quality, nowMs, events);
            StepAbove(_slots[(int)AlarmKind.High], value, quality, nowMs, events);
            StepBelow(_slots[(int)AlarmKind.Low], value, quality, nowMs, events);
            StepBelow(_slots[(int)AlarmKind.LowLow], value, quality, nowMs, events);
            StepRate(value, quality, nowMs, events);
        }
        else
        {
            for (int k = 0; k <= (int)AlarmKind.RateOfChange; k++)
            {
                _slots[k].Hold();
            }
        }

        AlarmSlot fault = _slots[(int)AlarmKind.SensorFault];
        if (fault.Settings.Enabled)
        {
            int trigger = quality == SignalQuality.Good ? 0 : 1 << ((int)quality - 1);
            Step(fault, (trigger & (int)_faultTriggers) != 0, LastValue, quality, nowMs, events);
        }

        UpdateSummary();
    }

    /// <summary>Acknowledges one alarm. False when it was not waiting for an acknowledgement.</summary>
    public bool Acknowledge(AlarmKind kind, long nowMs, AlarmEventBuffer events)
    {
        AlarmSlot slot = _slots[(int)kind];
        if (!slot.Acknowledge())
        {
            return false;
        }

        UpdateSummary();
        Emit(slot, AlarmEventType.Acknowledged, nowMs, LastValue, LastQuality, events);
        if (slot.State == AlarmState.Normal)
        {
            Emit(slot, AlarmEventType.Cleared, nowMs, LastValue, LastQuality, events);
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
        return AlarmSnapshot.Write(Tag, _slots, buffer, offset);
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
            AlarmSnapshot.Apply(buffer, offset, _slots);
            UpdateSummary();
        }

        return status;
    }

    internal static bool IsUnacknowledged(AlarmState state)
    {
        return state == AlarmState.ActiveUnacknowledged || state == AlarmState.ClearedUnacknowledged;
    }

    /// <summary>Recomputes <see cref="Active"/> and <see cref="Unacknowledged"/> once per call, so outputs read them for free.</summary>
    private void UpdateSummary()
    {
        int active = 0;
        int unacknowledged = 0;
        for (int k = 0; k < KindCount; k++)
        {
            AlarmState state = _slots[k].State;
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

    private void StepAbove(AlarmSlot slot, double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        if (slot.Settings.Enabled)
        {
            // Raised at or above the limit; once present, held until the value drops below limit - hysteresis.
            double threshold = slot.ConditionPresent ? slot.Settings.Limit - slot.Settings.Hysteresis : slot.Settings.Limit;
            Step(slot, value >= threshold, value, quality, nowMs, events);
        }
    }

    private void StepBelow(AlarmSlot slot, double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        if (slot.Settings.Enabled)
        {
            double threshold = slot.ConditionPresent ? slot.Settings.Limit + slot.Settings.Hysteresis : slot.Settings.Limit;
            Step(slot, value <= threshold, value, quality, nowMs, events);
        }
    }

    private void StepRate(double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        AlarmSlot slot = _slots[(int)AlarmKind.RateOfChange];
        if (_rateHistory == null)
        {
            return;
        }

        if (!_rateHistory.TryAdd(value, nowMs, out double perMinute))
        {
            LastRatePerMinute = double.NaN;
            slot.Hold();
            return;
        }

        LastRatePerMinute = perMinute;
        double speed = perMinute;
        if (_rateDirection == RateDirection.Falling || (_rateDirection == RateDirection.Either && perMinute < 0))
        {
            speed = -perMinute;
        }

        double threshold = slot.ConditionPresent ? slot.Settings.Limit - slot.Settings.Hysteresis : slot.Settings.Limit;
        Step(slot, speed >= threshold, perMinute, quality, nowMs, events);
    }

    private void Step(AlarmSlot slot, bool condition, double value, SignalQuality quality, long nowMs, AlarmEventBuffer events)
    {
        if (slot.Step(condition, nowMs, out AlarmEventType happened))
        {
            Emit(slot, happened, nowMs, value, quality, events);
        }
    }

    private void Emit(AlarmSlot slot, AlarmEventType type, long nowMs, double value, SignalQuality quality, AlarmEventBuffer events)
    {
        events.Add(new AlarmEvent(Tag, Unit, slot.Kind, type, slot.State, nowMs, value, slot.Settings.Limit, quality));
    }
}
