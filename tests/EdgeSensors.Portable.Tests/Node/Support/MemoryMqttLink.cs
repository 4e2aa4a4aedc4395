using EdgeSensors.Node.Uplink;

namespace EdgeSensors.Portable.Tests.Node.Support;

/// <summary>
/// A broker in memory. Publishes are acknowledged on the next <see cref="Progress"/> check unless the link is down.
/// With <see cref="Keep"/> on it keeps a copy of every delivered message (topic, payload); off, it allocates nothing.
/// </summary>
internal sealed class MemoryMqttLink : IMqttLink
{
    private bool _pending;
    private string _topic = "";
    private byte[] _payload = [];
    private int _count;
    private bool _retain;

    public bool IsConnected { get; set; } = true;

    public bool Keep { get; set; } = true;

    /// <summary>How many <see cref="Progress"/> checks a publish stays pending (a slow broker round trip).</summary>
    public int PendingChecks { get; set; }

    private int _checksLeft;

    public List<(string Topic, byte[] Payload, bool Retain)> Delivered { get; } = [];

    public int DeliveredCount { get; private set; }

    public PublishProgress Progress
    {
        get
        {
            if (!_pending)
            {
                return _count == 0 ? PublishProgress.Idle : PublishProgress.Delivered;
            }

            if (_checksLeft-- > 0)
            {
                return PublishProgress.Pending;
            }

            _pending = false;
            if (!IsConnected)
            {
                _count = 0;
                return PublishProgress.Failed;
            }

            DeliveredCount++;
            if (Keep)
            {
                Delivered.Add((_topic, _payload.AsSpan(0, _count).ToArray(), _retain));
            }

            return PublishProgress.Delivered;
        }
    }

    public bool BeginPublish(string topic, byte[] payload, int count, bool retain)
    {
        if (!IsConnected || _pending)
        {
            return false;
        }

        _pending = true;
        _checksLeft = PendingChecks;
        _topic = topic;
        _payload = payload;
        _count = count;
        _retain = retain;
        return true;
    }

    public IEnumerable<byte[]> On(string topic) => Delivered.Where(m => m.Topic == topic).Select(m => m.Payload);
}
