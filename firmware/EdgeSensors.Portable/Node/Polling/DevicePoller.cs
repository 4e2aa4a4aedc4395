using EdgeSensors.Alarms;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Node.Polling;

/// <summary>
/// Polls one device: when it is due, reads its blocks one after another (each with the device's timeout and retries),
/// decodes and scales each tag and hands it on. A failed request is retried after a wait that doubles per attempt (capped),
/// like the gateway's; the line serves other units meanwhile. A unit that keeps timing out is isolated, like the
/// gateway's: its polls fail fast (no bus time) until a probe, and each failed probe doubles the wait up to a cap.
/// </summary>
internal sealed class DevicePoller
{
    /// <summary>Consecutive timed-out frames after which the unit is isolated.</summary>
    public const int IsolateAfterTimeouts = 3;

    /// <summary>Wait before the first probe of an isolated unit, in ms; doubles per failed probe.</summary>
    public const long FirstProbeDelayMs = 5000;

    public const long MaxProbeDelayMs = 60000;

    /// <summary>Wait before the first retry of a failed request, in ms (the gateway's default); doubles per further retry.</summary>
    public const long FirstRetryDelayMs = 100;

    /// <summary>Cap of the retry wait, in ms: a retry never waits longer than this.</summary>
    public const long MaxRetryDelayMs = 1000;

    /// <summary>Failed polls after which a tag's last good value is no longer repeated (as stale) but reported as a communication failure.</summary>
    public const int CommFailureAfterMisses = 3;

    private readonly int[] _order;
    private readonly ReadBlock[] _blocks;
    private readonly int[] _misses;
    private readonly double[] _lastGood;
    private readonly long[] _lastGoodAtMs;
    private readonly int[]? _statusRaw;
    private long _nextDueMs;
    private int _block = -1;
    private int _attempt;
    private bool _probe;
    private int _consecutiveTimeouts;
    private long _probeAtMs;
    private long _probeDelayMs = FirstProbeDelayMs;
    private long _retryAtMs;
    private long _retryDelayMs = FirstRetryDelayMs;

    public DevicePoller(DeviceConfig config, int firstTagIndex, long nowMs)
    {
        Config = config;
        FirstTagIndex = firstTagIndex;
        _order = ReadPlanner.OrderByAddress(config.Tags);
        _blocks = ReadPlanner.Plan(config.Tags, _order);
        _misses = new int[config.Tags.Length];
        _lastGood = new double[config.Tags.Length];
        _lastGoodAtMs = new long[config.Tags.Length];
        for (int t = 0; t < _lastGood.Length; t++)
        {
            _lastGood[t] = double.NaN;
            if (config.Tags[t].FaultTagIndex >= 0 && _statusRaw == null)
            {
                // Status words are kept only for a device whose values are judged by one.
                _statusRaw = new int[config.Tags.Length];
                for (int s = 0; s < _statusRaw.Length; s++)
                {
                    _statusRaw[s] = -1;
                }
            }
        }

        _nextDueMs = nowMs;
    }

    public DeviceConfig Config { get; }

    /// <summary>Index of the device's first tag over all devices.</summary>
    public int FirstTagIndex { get; }

    public DeviceCounters Counters { get; } = new DeviceCounters();

    public int BlockCount => _blocks.Length;

    /// <summary>True while the unit is isolated after repeated timeouts.</summary>
    public bool Isolated { get; private set; }

    /// <summary>True between <see cref="BeginCycle"/> and the last block's <see cref="Complete"/>.</summary>
    public bool InCycle => _block >= 0;

    public bool IsDue(long nowMs)
    {
        // A clock stepped back must not stall the device: it is never due later than one interval from now.
        if (_nextDueMs - nowMs > Config.PollIntervalMs)
        {
            _nextDueMs = nowMs;
        }

        return nowMs >= _nextDueMs;
    }

    public long NextDueMs => _nextDueMs;

    /// <summary>True when the unit is in a cycle and its next request may go out now (not waiting for a retry).</summary>
    public bool ReadyToSend(long nowMs)
    {
        if (_retryAtMs - nowMs > MaxRetryDelayMs)
        {
            // A clock stepped back must not stretch the wait.
            _retryAtMs = nowMs;
        }

        return InCycle && nowMs >= _retryAtMs;
    }

    /// <summary>Starts a poll cycle. An isolated unit before its probe time costs no bus time: its tags are reported missed.</summary>
    public void BeginCycle(long nowMs, IReadingSink sink)
    {
        // Periods are kept from the schedule, not the finish, unless the node fell a whole period behind.
        _nextDueMs += Config.PollIntervalMs;
        if (_nextDueMs <= nowMs)
        {
            _nextDueMs = nowMs + Config.PollIntervalMs;
        }

        if (Isolated && nowMs < _probeAtMs)
        {
            for (int b = 0; b < _blocks.Length; b++)
            {
                Missed(_blocks[b], nowMs, sink);
            }

            return;
        }

        _probe = Isolated;
        _block = 0;
        _attempt = 0;
    }

    /// <summary>Sets up the request for the current block.</summary>
    public void PrepareRequest(ModbusRequest request)
    {
        ReadBlock block = _blocks[_block];
        request.SetRead(Config.Unit, block.Function, block.Address, block.Count);
        Counters.Sent();
    }

    /// <summary>Takes the outcome of the current block's request: decodes it, retries it, or gives up on it.</summary>
    public void Complete(ModbusStatus status, ModbusResponse response, long nowMs, IReadingSink sink)
    {
        ReadBlock block = _blocks[_block];
        Counters.Record(status, response.ExceptionCode);
        UpdateHealth(status, nowMs);
        if (status == ModbusStatus.Ok)
        {
            Decode(block, response, nowMs, sink);
            NextBlock();
            return;
        }

        _attempt++;
        bool retry = status != ModbusStatus.ExceptionResponse && !_probe && !Isolated && _attempt <= Config.Retries;
        if (retry)
        {
            // A silent unit gets a growing wait, and the line goes to other units meanwhile (PollScheduler).
            _retryAtMs = nowMs + _retryDelayMs;
            _retryDelayMs = _retryDelayMs * 2 > MaxRetryDelayMs ? MaxRetryDelayMs : _retryDelayMs * 2;
            return;
        }

        Missed(block, nowMs, sink);
        if (Isolated)
        {
            // The unit just stopped answering (or its probe failed): its other blocks fail fast too.
            for (int b = _block + 1; b < _blocks.Length; b++)
            {
                Missed(_blocks[b], nowMs, sink);
            }

            _block = -1;
            _attempt = 0;
            _retryAtMs = 0;
            _retryDelayMs = FirstRetryDelayMs;
            return;
        }

        NextBlock();
    }

    private void NextBlock()
    {
        _attempt = 0;
        _retryAtMs = 0;
        _retryDelayMs = FirstRetryDelayMs;
        _probe = false;
        _block++;
        if (_block >= _blocks.Length)
        {
            _block = -1;
        }
    }

    private void UpdateHealth(ModbusStatus status, long nowMs)
    {
        if (status == ModbusStatus.Timeout)
        {
            _consecutiveTimeouts++;
            if (Isolated)
            {
                _probeDelayMs = _probeDelayMs * 2 > MaxProbeDelayMs ? MaxProbeDelayMs : _probeDelayMs * 2;
                _probeAtMs = nowMs + _probeDelayMs;
            }
            else if (_consecutiveTimeouts >= IsolateAfterTimeouts)
            {
                Isolated = true;
                _probeDelayMs = FirstProbeDelayMs;
                _probeAtMs = nowMs + _probeDelayMs;
            }
        }
        else if (status != ModbusStatus.TransportError)
        {
            // Any answer, even a wrong one, shows the unit is alive; a line that refused the frame says nothing about it.
            _consecutiveTimeouts = 0;
            Isolated = false;
            _probeDelayMs = FirstProbeDelayMs;
        }
    }

    private void Decode(ReadBlock block, ModbusResponse response, long nowMs, IReadingSink sink)
    {
        // Status words first, so a value and its status read in one request are judged together. A status read in a
        // later request of the cycle is judged with the value it had at the previous poll.
        for (int i = block.FirstTag; _statusRaw != null && i < block.FirstTag + block.TagCount; i++)
        {
            int t = _order[i];
            TagConfig tag = Config.Tags[t];
            if (tag.Type == DataType.UInt16 || tag.Type == DataType.Int16)
            {
                _statusRaw[t] = response.Registers[tag.Address - block.Address];
            }
        }

        for (int i = block.FirstTag; i < block.FirstTag + block.TagCount; i++)
        {
            int t = _order[i];
            TagConfig tag = Config.Tags[t];
            double raw = RegisterDecoder.Decode(response.Registers, tag.Address - block.Address, tag.Type, tag.Order);
            double value = Scaling.Linear(raw, tag.Scale, tag.Offset);
            SignalQuality quality = QualityOf(tag, value, tag.FaultTagIndex < 0 || _statusRaw == null ? 0 : _statusRaw[tag.FaultTagIndex]);
            _misses[t] = 0;
            _lastGood[t] = quality == SignalQuality.Good ? value : double.NaN;
            _lastGoodAtMs[t] = nowMs;
            sink.OnReading(FirstTagIndex + t, value, quality, nowMs);
        }
    }

    private void Missed(ReadBlock block, long nowMs, IReadingSink sink)
    {
        for (int i = block.FirstTag; i < block.FirstTag + block.TagCount; i++)
        {
            int t = _order[i];
            _misses[t]++;
            if (_statusRaw != null)
            {
                _statusRaw[t] = -1; // not read: a value judged by it has an unknown fault state
            }
            if (_misses[t] >= CommFailureAfterMisses || double.IsNaN(_lastGood[t]))
            {
                sink.OnReading(FirstTagIndex + t, double.NaN, SignalQuality.CommFailure, nowMs);
            }
            else
            {
                // A single lost frame is common on RS-485: repeat the last good value, with its own time, as stale.
                sink.OnReading(FirstTagIndex + t, _lastGood[t], SignalQuality.Stale, _lastGoodAtMs[t]);
            }
        }
    }

    /// <summary>Like the gateway's profile decoder: a fault first, then an unknown fault state or a value outside the range.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">Its engineering value.</param>
    /// <param name="status">Its status word when it has one (-1: not read), else 0.</param>
    private static SignalQuality QualityOf(TagConfig tag, double value, int status)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            // A float channel error (KELLER) reads as NaN while the instrument still answers.
            return SignalQuality.SensorFault;
        }

        if (status >= 0 && (status & tag.FaultMask) != 0)
        {
            // The instrument says so itself (PT495 status bit 2 sensor fault, bit 1 calibration).
            return SignalQuality.SensorFault;
        }

        if (status < 0)
        {
            // The status word was not read: fault state unknown (the gateway's "uncertain", out_of_range on the wire).
            return SignalQuality.OutOfRange;
        }

        if (value < tag.Min || value > tag.Max)
        {
            return SignalQuality.OutOfRange;
        }

        return SignalQuality.Good;
    }
}
