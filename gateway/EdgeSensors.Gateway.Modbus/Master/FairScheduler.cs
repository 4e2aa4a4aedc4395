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
    private readonly SemaphoreSlim _queued = new(0);

    public void Enqueue(PendingRequest request)
    {
        lock (_gate)
        {
            Queue<PendingRequest> queue = _queues[request.Unit] ??= new Queue<PendingRequest>();
            if (queue.Count == 0)
            {
                _turns.Enqueue(request.Unit);
            }

            queue.Enqueue(request);
        }

        _queued.Release();
    }

    /// <summary>Waits for work and takes one request from the unit whose turn it is.</summary>
    public async Task<PendingRequest> DequeueAsync(CancellationToken ct)
    {
        await _queued.WaitAsync(ct).ConfigureAwait(false);
        lock (_gate)
        {
            byte unit = _turns.Dequeue();
            Queue<PendingRequest> queue = _queues[unit]!;
            PendingRequest next = queue.Dequeue();
            if (queue.Count > 0)
            {
                _turns.Enqueue(unit);
            }

            return next;
        }
    }

    /// <summary>Removes and returns everything still queued (used at shutdown).</summary>
    public List<PendingRequest> DrainAll()
    {
        var all = new List<PendingRequest>();
        lock (_gate)
        {
            while (_turns.Count > 0)
            {
                Queue<PendingRequest> queue = _queues[_turns.Dequeue()]!;
                while (queue.Count > 0)
                {
                    all.Add(queue.Dequeue());
                }
            }
        }

        return all;
    }
}
