namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>A bus's spare <see cref="PendingRequest"/> instances. Small: only requests queued at the same time need one.</summary>
internal sealed class PendingRequestPool
{
    private const int MaxKept = 64;
    private readonly object _gate = new();
    private readonly PendingRequest[] _spare = new PendingRequest[MaxKept];
    private int _count;

    public PendingRequest Rent()
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                PendingRequest spare = _spare[--_count];
                _spare[_count] = null!;
                return spare;
            }
        }

        return new PendingRequest(this);
    }

    public void Return(PendingRequest request)
    {
        lock (_gate)
        {
            if (_count < MaxKept)
            {
                _spare[_count++] = request;
            }
        }
    }
}
