using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>What the isolation policy allows for the next request to a unit.</summary>
internal enum Admission
{
    /// <summary>Send with the usual retries.</summary>
    Normal,

    /// <summary>The unit is isolated and its probe time has come: send once, no retries.</summary>
    Probe,

    /// <summary>The unit is isolated: fail fast with UnitIsolated.</summary>
    Rejected,
}

/// <summary>
/// Dead-unit isolation for one unit: after N consecutive timeouts its requests fail fast until a probe time;
/// then one request goes through as a probe. Any answer un-isolates; a failed probe doubles the backoff up to the cap.
/// </summary>
internal sealed class UnitHealth
{
    private readonly object _gate = new();
    private readonly BusOptions _options;
    private int _consecutiveTimeouts;
    private bool _isolated;
    private long _probeAt;
    private TimeSpan _backoff;

    public UnitHealth(BusOptions options)
    {
        _options = options;
        _backoff = options.IsolationBackoff;
    }

    public bool IsIsolated
    {
        get
        {
            lock (_gate)
            {
                return _isolated;
            }
        }
    }

    public Admission Admit()
    {
        long now = _options.TimeProvider.GetTimestamp();
        lock (_gate)
        {
            if (!_isolated)
            {
                return Admission.Normal;
            }

            return now >= _probeAt ? Admission.Probe : Admission.Rejected;
        }
    }

    /// <summary>Updates the policy with the outcome of one frame.</summary>
    public void Record(ModbusStatus status)
    {
        long now = _options.TimeProvider.GetTimestamp();
        lock (_gate)
        {
            if (status == ModbusStatus.Timeout)
            {
                _consecutiveTimeouts++;
                if (_isolated)
                {
                    // A failed probe: wait longer before the next one.
                    _backoff = _backoff + _backoff > _options.MaxIsolationBackoff ? _options.MaxIsolationBackoff : _backoff + _backoff;
                    _probeAt = now + ToTicks(_backoff);
                }
                else if (_consecutiveTimeouts >= _options.IsolateAfterConsecutiveTimeouts)
                {
                    _isolated = true;
                    _backoff = _options.IsolationBackoff;
                    _probeAt = now + ToTicks(_backoff);
                }
            }
            else if (status != ModbusStatus.TransportError && status != ModbusStatus.UnitIsolated)
            {
                // The unit answered something, so it is alive. A dropped link says nothing about the unit.
                _consecutiveTimeouts = 0;
                _isolated = false;
                _backoff = _options.IsolationBackoff;
            }
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _options.TimeProvider.TimestampFrequency);
}
