using EdgeSensors.Modbus.Framing;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Node.Polling;

/// <summary>
/// Shares one half-duplex RS-485 line between a node's devices. <see cref="Step"/> never blocks: it checks the
/// exchange in flight, or, after the inter-frame silence, starts the next request of the device whose poll is due.
/// One exchange is on the line at a time; devices take turns in order, so a slow one cannot starve the others: a unit
/// waiting to retry (growing backoff, <see cref="DevicePoller.FirstRetryDelayMs"/>) leaves the line to the others, and an
/// isolated unit costs no bus time until its probe.
/// </summary>
public sealed class PollScheduler
{
    private readonly DevicePoller[] _devices;
    private readonly RtuTransaction _exchange = new RtuTransaction();
    private readonly long _silenceMs;
    private int _current = -1;
    private bool _busy;
    private long _quietUntilMs;

    /// <param name="config">The devices to poll.</param>
    /// <param name="baud">The line's speed, for the 3.5-character silence between frames.</param>
    /// <param name="nowMs">Now, in ms since the Unix epoch: every device is due at once.</param>
    public PollScheduler(NodeConfig config, int baud, long nowMs)
    {
        _devices = new DevicePoller[config.Devices.Length];
        int firstTag = 0;
        for (int d = 0; d < _devices.Length; d++)
        {
            _devices[d] = new DevicePoller(config.Devices[d], firstTag, nowMs);
            firstTag += config.Devices[d].Tags.Length;
        }

        _silenceMs = (RtuFraming.InterFrameDelayMicros(baud) + 999) / 1000;
    }

    public int DeviceCount => _devices.Length;

    public DeviceCounters GetCounters(int device)
    {
        return _devices[device].Counters;
    }

    public bool IsIsolated(int device)
    {
        return _devices[device].Isolated;
    }

    /// <summary>Advances the line by whatever can be done now, without waiting.</summary>
    public void Step(IRtuLine line, long nowMs, IReadingSink sink)
    {
        if (_busy)
        {
            if (!_exchange.Poll(line, nowMs))
            {
                return;
            }

            _busy = false;
            _quietUntilMs = nowMs + _silenceMs;
            _devices[_current].Complete(_exchange.Status, _exchange.Response, nowMs, sink);
        }

        if (_quietUntilMs - nowMs > _silenceMs)
        {
            _quietUntilMs = nowMs;
        }

        if (nowMs < _quietUntilMs)
        {
            return;
        }

        DevicePoller? device = _current >= 0 && _devices[_current].ReadyToSend(nowMs) ? _devices[_current] : Next(nowMs, sink);
        if (device == null)
        {
            return;
        }

        device.PrepareRequest(_exchange.Request);
        if (_exchange.Start(line, nowMs, device.Config.TimeoutMs))
        {
            _busy = true;
            return;
        }

        device.Complete(_exchange.Status, _exchange.Response, nowMs, sink);
    }

    /// <summary>The next device in turn that can send now: one in its cycle whose retry wait is over, or one whose poll is due.</summary>
    private DevicePoller? Next(long nowMs, IReadingSink sink)
    {
        for (int i = 1; i <= _devices.Length; i++)
        {
            int d = (_current + i + _devices.Length) % _devices.Length;
            DevicePoller device = _devices[d];
            if (device.InCycle)
            {
                if (!device.ReadyToSend(nowMs))
                {
                    continue;
                }
            }
            else
            {
                if (!device.IsDue(nowMs))
                {
                    continue;
                }

                device.BeginCycle(nowMs, sink);
                if (!device.InCycle)
                {
                    continue;
                }
            }

            _current = d;
            return device;
        }

        return null;
    }
}
