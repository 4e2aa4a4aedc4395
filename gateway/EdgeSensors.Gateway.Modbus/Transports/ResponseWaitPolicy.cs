namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// Chooses how a Modbus TCP transport waits for a response. A peer that usually answers within 0.1 ms (a PLC on the
/// same switch, a simulator on the same host) is waited for in one short blocking poll(), and the answer is read on
/// the same thread: the asynchronous path adds a hand-off from the socket engine's event thread to a pool thread,
/// which on a busy two-core host costs as much as the exchange itself. The thread is held for at most 0.2 ms, and
/// never while other pool work is queued, so it cannot starve anything; any other peer is waited for
/// asynchronously from the start.
/// </summary>
internal sealed class ResponseWaitPolicy
{
    /// <summary>Peers whose typical answer takes longer than this are never waited for on a blocked thread.</summary>
    public const int FastPeerMicros = 100;

    /// <summary>The longest a thread is held in one blocking wait before falling back to the asynchronous one.</summary>
    public const int MaxBlockingMicros = 200;

    // Exponentially weighted mean of recent response times (1/8 weight for the newest).
    private double _typicalMicros;

    /// <summary>Microseconds to wait in a blocking poll before going asynchronous; 0 to go asynchronous at once.</summary>
    public int BlockingBudgetMicros(TimeSpan remaining)
    {
        if (_typicalMicros > FastPeerMicros || ThreadPool.PendingWorkItemCount > 0)
        {
            return 0;
        }

        return (int)Math.Clamp(remaining.TotalMicroseconds, 0, MaxBlockingMicros);
    }

    /// <summary>Records how long a response took (a timeout counts as its full length, which marks the peer slow).</summary>
    public void Record(TimeSpan responseTime)
    {
        _typicalMicros += (responseTime.TotalMicroseconds - _typicalMicros) / 8;
    }
}
