using System.Diagnostics;
using System.Runtime.CompilerServices;
using EdgeSensors.Gateway.Modbus.Diagnostics;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>
/// The one owner of a physical bus (serial port or TCP connection): exactly one request in flight, fair
/// round-robin across units, per-request timeout, retries with backoff, dead-unit isolation. The transport does
/// the line work (t3.5 silence and draining on RTU, transaction ids and reconnects on TCP).
/// </summary>
/// <remarks>
/// Whoever holds the bus (a flag, not a lock) runs the exchange with the bus's one reused request and response.
/// When the bus is idle and nothing is queued, the caller takes it and runs its exchange itself, so a lone poll
/// loop pays no thread hand-off; otherwise the request waits in its unit's queue and the bus's worker serves the
/// queues in rotation. Steady-state requests allocate nothing on either path when read with
/// <see cref="ReadRegistersAsync"/> or <see cref="ReadBitsAsync"/>.
/// </remarks>
public sealed class ModbusBus : IAsyncDisposable
{
    private readonly IModbusTransport _transport;
    private readonly FairScheduler _scheduler = new();
    private readonly PendingRequestPool _pool = new();
    private readonly WorkSignal _workQueued = new();
    private readonly UnitCounters?[] _counters = new UnitCounters?[256];
    private readonly UnitHealth?[] _health = new UnitHealth?[256];
    private readonly ModbusRequest _request = new();
    private readonly ModbusResponse _response = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private int _busy;
    private int _disposed;

    public ModbusBus(IModbusTransport transport, BusOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        Options = options ?? new BusOptions();
        Options.Validate();
        _worker = Task.Run(RunWorkerAsync);
    }

    public BusOptions Options { get; }

    public string Name => _transport.Name;

    public IModbusTransport Transport => _transport;

    /// <summary>Counters of every unit addressed so far, by unit number.</summary>
    public IReadOnlyList<UnitCounters> AllCounters
    {
        get
        {
            var all = new List<UnitCounters>();
            for (int unit = 0; unit < _counters.Length; unit++)
            {
                if (Volatile.Read(ref _counters[unit]) is UnitCounters counters)
                {
                    all.Add(counters);
                }
            }

            return all;
        }
    }

    public UnitCounters Counters(byte unit)
    {
        UnitCounters? counters = Volatile.Read(ref _counters[unit]);
        if (counters is null)
        {
            Interlocked.CompareExchange(ref _counters[unit], new UnitCounters(unit), null);
            counters = _counters[unit]!;
        }

        return counters;
    }

    /// <summary>True while the unit is isolated after repeated timeouts.</summary>
    public bool IsIsolated(byte unit) => Health(unit).IsIsolated;

    /// <summary>Reads <paramref name="count"/> registers (1-125) or bits (1-2000) from <paramref name="table"/>.</summary>
    public Task<ModbusResult> ReadAsync(byte unit, RegisterTable table, ushort address, ushort count, CancellationToken ct = default)
    {
        FunctionCode function = ReadFunction(table);
        if (table is RegisterTable.Coil or RegisterTable.DiscreteInput)
        {
            CheckCount(count, ModbusLimits.MaxReadBits, nameof(count));
            var bits = new bool[count];
            return ToResultAsync(Submit(RequestSpec.Read(unit, function, address, count), default, bits, ct), RequestSpec.Read(unit, function, address, count), null, bits);
        }

        CheckCount(count, ModbusLimits.MaxReadRegisters, nameof(count));
        var registers = new ushort[count];
        return ToResultAsync(Submit(RequestSpec.Read(unit, function, address, count), registers, default, ct), RequestSpec.Read(unit, function, address, count), registers, null);
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length holding or input registers (1-125) into the caller's buffer, which the
    /// bus writes only when the outcome is Ok. For poll loops: allocates nothing per request once warmed up.
    /// The buffer must stay untouched until the returned task completes.
    /// </summary>
    public ValueTask<ModbusOutcome> ReadRegistersAsync(byte unit, RegisterTable table, ushort address, Memory<ushort> destination, CancellationToken ct = default)
    {
        if (table is not (RegisterTable.HoldingRegister or RegisterTable.InputRegister))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "registers are read from the holding or input register table; use ReadBitsAsync for coils and discrete inputs");
        }

        CheckCount(destination.Length, ModbusLimits.MaxReadRegisters, nameof(destination));
        return Submit(RequestSpec.Read(unit, ReadFunction(table), address, (ushort)destination.Length), destination, default, ct);
    }

    /// <summary>Reads <paramref name="destination"/>.Length coils or discrete inputs (1-2000) into the caller's buffer; see <see cref="ReadRegistersAsync"/>.</summary>
    public ValueTask<ModbusOutcome> ReadBitsAsync(byte unit, RegisterTable table, ushort address, Memory<bool> destination, CancellationToken ct = default)
    {
        if (table is not (RegisterTable.Coil or RegisterTable.DiscreteInput))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "bits are read from the coil or discrete input table; use ReadRegistersAsync for registers");
        }

        CheckCount(destination.Length, ModbusLimits.MaxReadBits, nameof(destination));
        return Submit(RequestSpec.Read(unit, ReadFunction(table), address, (ushort)destination.Length), default, destination, ct);
    }

    public Task<ModbusResult> WriteRegisterAsync(byte unit, ushort address, ushort value, CancellationToken ct = default)
    {
        var spec = new RequestSpec(unit, FunctionCode.WriteSingleRegister, address, 1, [value], null);
        return ToResultAsync(Submit(spec, default, default, ct), spec, null, null);
    }

    /// <summary>Writes 1-123 holding registers with function 16. The values are copied, so the caller may reuse the array.</summary>
    public Task<ModbusResult> WriteRegistersAsync(byte unit, ushort address, ushort[] values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(values.Length, ModbusLimits.MaxWriteRegisters, nameof(values));
        var spec = new RequestSpec(unit, FunctionCode.WriteMultipleRegisters, address, (ushort)values.Length, (ushort[])values.Clone(), null);
        return ToResultAsync(Submit(spec, default, default, ct), spec, null, null);
    }

    public Task<ModbusResult> WriteCoilAsync(byte unit, ushort address, bool value, CancellationToken ct = default)
    {
        var spec = new RequestSpec(unit, FunctionCode.WriteSingleCoil, address, 1, null, [value]);
        return ToResultAsync(Submit(spec, default, default, ct), spec, null, null);
    }

    /// <summary>Writes 1-1968 coils with function 15. The values are copied.</summary>
    public Task<ModbusResult> WriteCoilsAsync(byte unit, ushort address, bool[] values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(values.Length, ModbusLimits.MaxWriteCoils, nameof(values));
        var spec = new RequestSpec(unit, FunctionCode.WriteMultipleCoils, address, (ushort)values.Length, null, (bool[])values.Clone());
        return ToResultAsync(Submit(spec, default, default, ct), spec, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Cancels the exchange in flight (worker or inline caller) and wakes the worker so it sees the stop.
        await _stopping.CancelAsync().ConfigureAwait(false);
        _workQueued.Set();
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The worker ends by cancellation.
        }

        // An inline caller may still be unwinding its cancelled exchange: take the bus for good once it lets go.
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }

        foreach (PendingRequest pending in _scheduler.Close())
        {
            pending.CancelRegistration.Dispose();
            if (pending.TryClaim())
            {
                pending.Fail(new OperationCanceledException("the bus " + Name + " was disposed before the request was sent", _stopping.Token));
            }

            pending.ReleaseByWorker();
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static FunctionCode ReadFunction(RegisterTable table) => table switch
    {
        RegisterTable.Coil => FunctionCode.ReadCoils,
        RegisterTable.DiscreteInput => FunctionCode.ReadDiscreteInputs,
        RegisterTable.InputRegister => FunctionCode.ReadInputRegisters,
        RegisterTable.HoldingRegister => FunctionCode.ReadHoldingRegisters,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a Modbus table"),
    };

    private static void CheckCount(int count, int max, string name)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentOutOfRangeException(name, count, "count must be 1-" + max + " (Modbus limit)");
        }
    }

    private static async Task<ModbusResult> ToResultAsync(ValueTask<ModbusOutcome> pending, RequestSpec spec, ushort[]? registers, bool[]? bits)
    {
        ModbusOutcome outcome = await pending.ConfigureAwait(false);
        return ModbusResult.FromOutcome(outcome, spec.Unit, spec.Table, spec.Address, spec.Count, registers, bits);
    }

    private static bool IsWorthRetrying(ModbusStatus status)
    {
        // An exception response is the unit's considered answer; asking again gets the same one.
        return status != ModbusStatus.Ok && status != ModbusStatus.ExceptionResponse && status != ModbusStatus.InvalidRequest;
    }

    private ValueTask<ModbusOutcome> Submit(in RequestSpec spec, Memory<ushort> registers, Memory<bool> bits, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (spec.Address + spec.Count > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(spec.Address), spec.Address, "address + count runs past 65535");
        }

        if (_transport.IsSerialLine && (spec.Unit < ModbusLimits.MinUnit || spec.Unit > ModbusLimits.MaxUnit))
        {
            throw new ArgumentOutOfRangeException(nameof(spec.Unit), spec.Unit, "a serial line unit must be 1-247 (0 is broadcast and gets no reply)");
        }

        ct.ThrowIfCancellationRequested();

        // Fail fast, without queueing behind other units, while the unit is isolated and not due for a probe.
        if (Health(spec.Unit).Admit() == Admission.Rejected)
        {
            Counters(spec.Unit).RecordIsolatedRejection();
            return new ValueTask<ModbusOutcome>(RejectedOutcome);
        }

        // Idle bus, empty queues: nobody to be fair to, so the caller runs its own exchange without a thread hand-off.
        if (_scheduler.IsEmpty && TryTakeBus())
        {
            return ExecuteInlineAsync(spec, registers, bits);
        }

        PendingRequest pending = _pool.Rent();
        pending.Load(spec, registers, bits);
        ValueTask<ModbusOutcome> awaitable = pending.Awaitable;
        if (ct.CanBeCanceled)
        {
            pending.CancelRegistration = ct.UnsafeRegister(static (state, token) => ((PendingRequest)state!).CancelFromCaller(token), pending);
        }

        if (!_scheduler.TryEnqueue(pending))
        {
            // Disposed between the check above and now.
            pending.CancelRegistration.Dispose();
            if (pending.TryClaim())
            {
                pending.Fail(new ObjectDisposedException(Name, "the bus was disposed"));
            }

            pending.ReleaseByWorker();
            return awaitable;
        }

        _workQueued.Set();
        return awaitable;
    }

    private static ModbusOutcome RejectedOutcome => new(ModbusStatus.UnitIsolated, ExceptionCode.None, 0, TimeSpan.Zero);

    private bool TryTakeBus() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    private void ReleaseBus()
    {
        Volatile.Write(ref _busy, 0);

        // A request may have queued while we held the bus; the worker serves it.
        if (!_scheduler.IsEmpty)
        {
            _workQueued.Set();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ModbusOutcome> ExecuteInlineAsync(RequestSpec spec, Memory<ushort> registers, Memory<bool> bits)
    {
        try
        {
            ModbusOutcome outcome = await ExecuteAsync(spec, _stopping.Token).ConfigureAwait(false);
            CopyValues(outcome, registers, bits);
            return outcome;
        }
        finally
        {
            ReleaseBus();
        }
    }

    private async Task RunWorkerAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            if (!_scheduler.IsEmpty && TryTakeBus())
            {
                try
                {
                    while (!stopping.IsCancellationRequested && _scheduler.TryDequeue(out PendingRequest? pending))
                    {
                        await ServeAsync(pending!, stopping).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ReleaseBus();
                }

                continue;
            }

            await _workQueued.WaitAsync().ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ServeAsync(PendingRequest pending, CancellationToken stopping)
    {
        try
        {
            // From here the caller's token can no longer complete the request; a request it cancelled is skipped.
            pending.CancelRegistration.Dispose();
            if (!pending.TryClaim())
            {
                return;
            }

            try
            {
                ModbusOutcome outcome = await ExecuteAsync(pending.Spec, stopping).ConfigureAwait(false);
                CopyValues(outcome, pending.RegisterDestination, pending.BitDestination);
                pending.Complete(outcome);
            }
            catch (OperationCanceledException ex) when (stopping.IsCancellationRequested)
            {
                pending.Fail(ex);
            }
            catch (Exception ex)
            {
                // A bug in a transport must not stop the bus for every other unit.
                pending.Fail(ex);
            }
        }
        finally
        {
            pending.ReleaseByWorker();
        }
    }

    private void CopyValues(in ModbusOutcome outcome, Memory<ushort> registers, Memory<bool> bits)
    {
        if (!outcome.IsOk || !_request.IsRead)
        {
            return;
        }

        if (_request.IsBitAccess)
        {
            _response.Bits.AsSpan(0, bits.Length).CopyTo(bits.Span);
        }
        else
        {
            _response.Registers.AsSpan(0, registers.Length).CopyTo(registers.Span);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ModbusOutcome> ExecuteAsync(RequestSpec spec, CancellationToken stopping)
    {
        UnitHealth health = Health(spec.Unit);
        UnitCounters counters = Counters(spec.Unit);
        Admission admission = health.Admit();
        if (admission == Admission.Rejected)
        {
            counters.RecordIsolatedRejection();
            return RejectedOutcome;
        }

        spec.CopyTo(_request);
        int maxAttempts = admission == Admission.Probe ? 1 : 1 + Options.Retries;
        TimeSpan backoff = Options.RetryBackoff;
        long started = Stopwatch.GetTimestamp();
        ModbusStatus status = ModbusStatus.Timeout;
        int attempts = 0;
        while (attempts < maxAttempts)
        {
            if (attempts > 0)
            {
                await Task.Delay(backoff, stopping).ConfigureAwait(false);
                backoff += backoff;
            }

            attempts++;
            long sent = Stopwatch.GetTimestamp();
            status = await _transport.ExchangeAsync(_request, _response, Options.Timeout, stopping).ConfigureAwait(false);
            counters.RecordExchange(status, _response.ExceptionCode, Stopwatch.GetElapsedTime(sent));
            if (_transport is IReportsStaleResponses stale)
            {
                counters.RecordStaleResponses(stale.StaleResponsesInLastExchange);
            }

            health.Record(status);
            if (!IsWorthRetrying(status) || health.IsIsolated)
            {
                break;
            }
        }

        ExceptionCode exception = status == ModbusStatus.ExceptionResponse ? _response.ExceptionCode : ExceptionCode.None;
        return new ModbusOutcome(status, exception, attempts, Stopwatch.GetElapsedTime(started));
    }

    private UnitHealth Health(byte unit)
    {
        UnitHealth? health = Volatile.Read(ref _health[unit]);
        if (health is null)
        {
            Interlocked.CompareExchange(ref _health[unit], new UnitHealth(Options), null);
            health = _health[unit]!;
        }

        return health;
    }
}
