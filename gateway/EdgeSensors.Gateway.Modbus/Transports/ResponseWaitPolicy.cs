namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// Chooses how a Modbus TCP transport waits for a response. A peer that answers within a few milliseconds (a PLC
/// on the same switch, a simulator on the same host) is waited for in blocking poll() slices of at most 1 ms, and the
/// answer is read on the same thread; between slices the thread goes back to the pool if other work is queued.
/// The alternative, the runtime's socket engine, costs a wake-up of its epoll
/// thread and a pool work item for every response, and once a socket has used it, it keeps paying that even for
/// responses read synchronously; on a busy two-core host that costs more than the exchange itself.
/// </summary>
/// <remarks>
/// The choice follows what the blocking waits achieve, not a latency average (one taken on the asynchronous path
/// includes the hand-off and would keep a fast peer looking slow). A peer that misses <see cref="MissesBeforeSlow"/>
/// blocking waits in a row is treated as slow: its responses go through the socket engine, with one blocking try
/// every <see cref="SlowProbeInterval"/> requests to notice when it is fast again.
/// When requests come back to back (the caller sent this one within <see cref="BackToBackMicros"/> of the last
/// answer: a sequential reader, or the next block of the same poll) and the peer usually answers within
/// <see cref="MaxSpinMicros"/>, the answer is first spun for (non-blocking reads) while no other work is queued: a
/// thread that sleeps for a 50 us answer pays a wake-up on its arrival (an interrupt to a sleeping CPU, or the
/// scheduler's wake-up path) as long as the exchange itself. A paced poller (one request per poll period) never spins,
/// so a gateway's steady polling costs no CPU for it. With one CPU it never spins either.
/// </remarks>
internal sealed class ResponseWaitPolicy
{
    /// <summary>
    /// The longest a thread is held in one blocking slice. poll() counts whole milliseconds (Socket.Poll rounds
    /// microseconds down, so 0.2 ms would not wait at all); it returns as soon as the answer is there.
    /// </summary>
    public const int SliceMicros = 1000;

    /// <summary>How long, in all, a response is waited for in blocking slices before a slower check takes over.</summary>
    public const int PatienceMicros = 3000;

    public const int MissesBeforeSlow = 4;

    public const int SlowProbeInterval = 64;

    /// <summary>The longest a response is spun for before the thread blocks, in microseconds.</summary>
    public const int MaxSpinMicros = 150;

    /// <summary>A request sent within this long after the previous answer counts as back to back, in microseconds.</summary>
    public const int BackToBackMicros = 1000;

    // Only with a second CPU: on one (or pinned to one) a peer on the same host answers only while we are off the CPU.
    // Spinning with sched_yield between looks was measured there and gained nothing (docs/benchmarks.md, section 1).
    private static readonly bool SpinningCanHelp = Environment.ProcessorCount > 1;

    private int _missedInARow;
    private int _sinceProbe;

    // Moving average of how long answered waits took, in microseconds; starts at 0 so a new peer is tried.
    private double _answerMicros;

    /// <summary>
    /// How long to spin for the response before blocking, in microseconds: 0 unless the request came back to back
    /// (<paramref name="idleMicros"/> since the last answer below <see cref="BackToBackMicros"/>), the peer usually
    /// answers within <see cref="MaxSpinMicros"/>, another CPU can run meanwhile and no pool work waits for this thread.
    /// </summary>
    public int SpinMicros(double idleMicros, int pendingWorkItems) =>
        SpinningCanHelp && idleMicros < BackToBackMicros && pendingWorkItems == 0 && _answerMicros <= MaxSpinMicros ? MaxSpinMicros : 0;

    /// <summary>Records how long an answered wait took (spinning and blocking together).</summary>
    public void RecordAnswer(double micros)
    {
        _answerMicros += (micros - _answerMicros) / 8;
    }

    /// <summary>True to wait in blocking slices, false to wait through the socket engine.</summary>
    public bool ShouldBlock()
    {
        if (_missedInARow < MissesBeforeSlow)
        {
            return true;
        }

        if (++_sinceProbe < SlowProbeInterval)
        {
            return false;
        }

        _sinceProbe = 0;
        return true;
    }

    /// <summary>Records whether the blocking slices saw the response arrive.</summary>
    public void RecordBlockingWait(bool answered)
    {
        _missedInARow = answered ? 0 : Math.Min(_missedInARow + 1, MissesBeforeSlow);
    }
}
