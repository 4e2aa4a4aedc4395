namespace EdgeSensors.Alarms;

/// <summary>
/// The state machine of one alarm (docs/alarms.md). It is told each step whether the condition holds — hysteresis
/// already applied by the caller — and applies the on/off delays, latching and acknowledgement.
/// Invariant: the condition is present exactly when the state is active-unacknowledged or active-acknowledged.
/// </summary>
internal sealed class AlarmSlot
{
    private bool _pending;
    private long _pendingSinceMs;

    internal AlarmSlot(AlarmKind kind, AlarmLimit settings)
    {
        Kind = kind;
        Settings = settings;
    }

    internal AlarmKind Kind { get; }

    internal AlarmLimit Settings { get; }

    internal AlarmState State { get; private set; }

    /// <summary>When the alarm was last raised, in ms since the epoch (0 if never).</summary>
    internal long RaisedAtMs { get; private set; }

    internal bool ConditionPresent => State == AlarmState.ActiveUnacknowledged || State == AlarmState.ActiveAcknowledged;

    /// <summary>
    /// One evaluation. True when the state changed, with what happened. A change of condition must persist for the
    /// on-delay (to raise) or the off-delay (to clear), measured from the first step that saw it; any step that sees
    /// the old condition again restarts that wait.
    /// </summary>
    internal bool Step(bool condition, long nowMs, out AlarmEventType happened)
    {
        happened = AlarmEventType.Raised;
        if (condition == ConditionPresent)
        {
            _pending = false;
            return false;
        }

        // A clock that stepped backwards (an SNTP correction) restarts the wait rather than making it negative.
        if (!_pending || nowMs < _pendingSinceMs)
        {
            _pending = true;
            _pendingSinceMs = nowMs;
        }

        long delayMs = condition ? Settings.OnDelayMs : Settings.OffDelayMs;
        if (nowMs - _pendingSinceMs < delayMs)
        {
            return false;
        }

        _pending = false;
        if (condition)
        {
            State = AlarmState.ActiveUnacknowledged;
            RaisedAtMs = nowMs;
            happened = AlarmEventType.Raised;
        }
        else if (State == AlarmState.ActiveUnacknowledged && Settings.Latching)
        {
            State = AlarmState.ClearedUnacknowledged;
            happened = AlarmEventType.Returned;
        }
        else
        {
            State = AlarmState.Normal;
            happened = AlarmEventType.Cleared;
        }

        return true;
    }

    /// <summary>No usable input this step: the state stays, and a delay in progress must start again from a usable reading.</summary>
    internal void Hold()
    {
        _pending = false;
    }

    /// <summary>True when there was something to acknowledge. A latched, cleared alarm goes back to normal.</summary>
    internal bool Acknowledge()
    {
        if (State == AlarmState.ActiveUnacknowledged)
        {
            State = AlarmState.ActiveAcknowledged;
            return true;
        }

        if (State == AlarmState.ClearedUnacknowledged)
        {
            State = AlarmState.Normal;
            return true;
        }

        return false;
    }

    internal void Restore(AlarmState state, long raisedAtMs)
    {
        State = state;
        RaisedAtMs = raisedAtMs;
        _pending = false;
    }
}
