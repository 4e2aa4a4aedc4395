using System.Threading.Tasks.Sources;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>
/// A caller's request waiting in its unit's queue, and the awaitable its caller holds. Reused through
/// <see cref="PendingRequestPool"/>: two owners hold it (the caller until it has read the outcome, the worker until it
/// has served or skipped it) and the last one to let go returns it, so a queued request allocates nothing.
/// Exactly one of the worker and the caller's cancellation completes it (<see cref="TryClaim"/>).
/// </summary>
internal sealed class PendingRequest : IValueTaskSource<ModbusOutcome>
{
    private readonly PendingRequestPool _pool;
    private ManualResetValueTaskSourceCore<ModbusOutcome> _core = new() { RunContinuationsAsynchronously = true };
    private int _claimed;
    private int _owners;

    public PendingRequest(PendingRequestPool pool)
    {
        _pool = pool;
    }

    public RequestSpec Spec { get; private set; }

    /// <summary>Where a register read's values go (empty for other requests).</summary>
    public Memory<ushort> RegisterDestination { get; private set; }

    /// <summary>Where a coil or discrete input read's bits go (empty for other requests).</summary>
    public Memory<bool> BitDestination { get; private set; }

    public CancellationTokenRegistration CancelRegistration { get; set; }

    public ValueTask<ModbusOutcome> Awaitable => new(this, _core.Version);

    /// <summary>Prepares a pooled instance for a new request; both owners hold it from here.</summary>
    public void Load(in RequestSpec spec, Memory<ushort> registers, Memory<bool> bits)
    {
        _core.Reset();
        Spec = spec;
        RegisterDestination = registers;
        BitDestination = bits;
        _claimed = 0;
        _owners = 2;
    }

    /// <summary>Takes the right to complete this request; false when the other side already has it.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>Completes with a result; call only after <see cref="TryClaim"/> returned true.</summary>
    public void Complete(ModbusOutcome outcome) => _core.SetResult(outcome);

    /// <summary>Completes with an exception; call only after <see cref="TryClaim"/> returned true.</summary>
    public void Fail(Exception error) => _core.SetException(error);

    /// <summary>The caller's token fired while the request was queued.</summary>
    public void CancelFromCaller(CancellationToken token)
    {
        if (TryClaim())
        {
            Fail(new OperationCanceledException("the caller cancelled the Modbus request while it was queued", token));
        }
    }

    /// <summary>The worker is done with this request (served, skipped or cancelled at shutdown).</summary>
    public void ReleaseByWorker() => Release();

    ModbusOutcome IValueTaskSource<ModbusOutcome>.GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<ModbusOutcome>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<ModbusOutcome>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Release()
    {
        if (Interlocked.Decrement(ref _owners) == 0)
        {
            // Drop references to the caller's buffers and values before the instance waits in the pool.
            Spec = default;
            RegisterDestination = default;
            BitDestination = default;
            CancelRegistration = default;
            _pool.Return(this);
        }
    }
}
