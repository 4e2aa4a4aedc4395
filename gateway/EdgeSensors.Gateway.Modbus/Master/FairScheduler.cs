namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>
/// Per-unit queues served round-robin: the next request comes from the next unit in turn that has work, so a
/// unit with a hundred queued polls cannot make another unit wait more than one exchange per other busy unit.
/// </summary>
internal sealed class FairScheduler
{
    private readonly object _gate = new();
    private readonly Queue<PendingRequest>?[] _queues = new Queue<PendingRequest>?[256];

    // Units with queued work, in the order they get their next turn.
    private readonly Queue<byte> _turns = new();
    private int _count;
    private bool _closed;

    /// <summary>True when nothing is queued (a snapshot: another thread may enqueue right after).</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>Queues a request; false once <see cref="Close"/> was called.</summary>
    public bool TryEnqueue(PendingRequest request)
    {
        byte unit = request.Spec.Unit;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            Queue<PendingRequest> queue = _queues[unit] ??= new Queue<PendingRequest>();
            if (queue.Count == 0)
            {
                _turns.Enqueue(unit);
            }

            queue.Enqueue(request);
            _count++;
            return true;
        }
    }

    /// <summary>Takes one request from the unit whose turn it is, if any is queued.</summary>
    public bool TryDequeue(out PendingRequest? next)
    {
        lock (_gate)
        {
            if (_turns.Count == 0)
            {
                next = null;
                return false;
            }

            byte unit = _turns.Dequeue();
            Queue<PendingRequest> queue = _queues[unit]!;
            next = queue.Dequeue();
            if (queue.Count > 0)
            {
                _turns.Enqueue(unit);
            }

            _count--;
            return true;
        }
    }

    /// <summary>Refuses further requests and returns everything still queued (used at shutdown).</summary>
    public List<PendingRequest> Close()
    {
        var all = new List<PendingRequest>();
        lock (_gate)
        {
            _closed = true;
            while (_turns.Count > 0)
            {
                Queue<PendingRequest> queue = _queues[_turns.Dequeue()]!;
                while (queue.Count > 0)
                {
                    all.Add(queue.Dequeue());
                }
            }

            _count = 0;
        }

        return all;
    }
}
