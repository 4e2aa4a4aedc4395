using System.Diagnostics;
using EdgeSensors.Gateway.Modbus.Diagnostics;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>
/// The one owner of a physical bus (serial port or TCP connection): exactly one request in flight, fair
/// round-robin across units, per-request timeout, retries with backoff, dead-unit isolation. The transport does
/// the line work (t3.5 silence and draining on RTU, transaction ids and reconnects on TCP).
/// Callers on any thread queue requests; one worker loop sends them, reusing one request and one response object.
/// </summary>
public sealed class ModbusBus : IAsyncDisposable
{
    private readonly IModbusTransport _transport;
    private readonly FairScheduler _scheduler = new();
    private readonly UnitCounters?[] _counters = new UnitCounters?[256];
    private readonly UnitHealth?[] _health = new UnitHealth?[256];
    private readonly ModbusRequest _request = new();
    private readonly ModbusResponse _response = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private int _disposed;

    public ModbusBus(IModbusTransport transport, BusOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        Options = options ?? new BusOptions();
        Options.Validate();
        _worker = Task.Run(RunAsync);
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
        FunctionCode function = table switch
        {
            RegisterTable.Coil => FunctionCode.ReadCoils,
            RegisterTable.DiscreteInput => FunctionCode.ReadDiscreteInputs,
            RegisterTable.InputRegister => FunctionCode.ReadInputRegisters,
            RegisterTable.HoldingRegister => FunctionCode.ReadHoldingRegisters,
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a Modbus table"),
        };
        int max = table is RegisterTable.Coil or RegisterTable.DiscreteInput ? ModbusLimits.MaxReadBits : ModbusLimits.MaxReadRegisters;
        CheckCount(count, max, nameof(count));
        return Submit(new PendingRequest(unit, function, address, count, null, null), ct);
    }

    public Task<ModbusResult> WriteRegisterAsync(byte unit, ushort address, ushort value, CancellationToken ct = default)
    {
        return Submit(new PendingRequest(unit, FunctionCode.WriteSingleRegister, address, 1, [value], null), ct);
    }

    /// <summary>Writes 1-123 holding registers with function 16. The values are copied, so the caller may reuse the array.</summary>
    public Task<ModbusResult> WriteRegistersAsync(byte unit, ushort address, ushort[] values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(values.Length, ModbusLimits.MaxWriteRegisters, nameof(values));
        return Submit(new PendingRequest(unit, FunctionCode.WriteMultipleRegisters, address, (ushort)values.Length, (ushort[])values.Clone(), null), ct);
    }

    public Task<ModbusResult> WriteCoilAsync(byte unit, ushort address, bool value, CancellationToken ct = default)
    {
        return Submit(new PendingRequest(unit, FunctionCode.WriteSingleCoil, address, 1, null, [value]), ct);
    }

    /// <summary>Writes 1-1968 coils with function 15. The values are copied.</summary>
    public Task<ModbusResult> WriteCoilsAsync(byte unit, ushort address, bool[] values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(values.Length, ModbusLimits.MaxWriteCoils, nameof(values));
        return Submit(new PendingRequest(unit, FunctionCode.WriteMultipleCoils, address, (ushort)values.Length, null, (bool[])values.Clone()), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The worker ends by cancellation.
        }

        foreach (PendingRequest pending in _scheduler.DrainAll())
        {
            pending.Completion.TrySetCanceled(_stopping.Token);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void CheckCount(int count, int max, string name)
    {
        if (count < 1 || count > max)
        {
            throw new ArgumentOutOfRangeException(name, count, "count must be 1-" + max + " (Modbus limit)");
        }
    }

    private Task<ModbusResult> Submit(PendingRequest pending, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (pending.Address + pending.Count > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(pending.Address), pending.Address, "address + count runs past 65535");
        }

        if (_transport.IsSerialLine && (pending.Unit < ModbusLimits.MinUnit || pending.Unit > ModbusLimits.MaxUnit))
        {
            throw new ArgumentOutOfRangeException(nameof(pending.Unit), pending.Unit, "a serial line unit must be 1-247 (0 is broadcast and gets no reply)");
        }

        ct.ThrowIfCancellationRequested();

        // Fail fast, without queueing behind other units, while the unit is isolated and not due for a probe.
        if (Health(pending.Unit).Admit() == Admission.Rejected)
        {
            return Task.FromResult(Rejected(pending));
        }

        if (ct.CanBeCanceled)
        {
            pending.CancelRegistration = ct.Register(static state => ((PendingRequest)state!).Completion.TrySetCanceled(), pending);
        }

        _scheduler.Enqueue(pending);
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            PendingRequest pending = await _scheduler.DequeueAsync(stopping).ConfigureAwait(false);
            await pending.CancelRegistration.DisposeAsync().ConfigureAwait(false);
            if (pending.Completion.Task.IsCompleted)
            {
                continue; // cancelled by its caller while queued
            }

            try
            {
                ModbusResult result = await ExecuteAsync(pending, stopping).ConfigureAwait(false);
                pending.Completion.TrySetResult(result);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                pending.Completion.TrySetCanceled(stopping);
                throw;
            }
            catch (Exception ex)
            {
                // A bug in a transport must not stop the bus for every other unit.
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private async Task<ModbusResult> ExecuteAsync(PendingRequest pending, CancellationToken stopping)
    {
        UnitHealth health = Health(pending.Unit);
        Admission admission = health.Admit();
        if (admission == Admission.Rejected)
        {
            return Rejected(pending);
        }

        UnitCounters counters = Counters(pending.Unit);
        pending.CopyTo(_request);
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

        return BuildResult(pending, status, attempts, Stopwatch.GetElapsedTime(started));
    }

    private static bool IsWorthRetrying(ModbusStatus status)
    {
        // An exception response is the unit's considered answer; asking again gets the same one.
        return status != ModbusStatus.Ok && status != ModbusStatus.ExceptionResponse && status != ModbusStatus.InvalidRequest;
    }

    private ModbusResult BuildResult(PendingRequest pending, ModbusStatus status, int attempts, TimeSpan latency)
    {
        ushort[] registers = [];
        bool[] bits = [];
        if (status == ModbusStatus.Ok && _request.IsRead)
        {
            if (_request.IsBitAccess)
            {
                bits = new bool[_response.Count];
                Array.Copy(_response.Bits, bits, _response.Count);
            }
            else
            {
                registers = new ushort[_response.Count];
                Array.Copy(_response.Registers, registers, _response.Count);
            }
        }

        return new ModbusResult
        {
            Status = status,
            ExceptionCode = status == ModbusStatus.ExceptionResponse ? _response.ExceptionCode : ExceptionCode.None,
            Unit = pending.Unit,
            Table = _request.Table,
            Address = pending.Address,
            Count = pending.Count,
            Registers = registers,
            Bits = bits,
            Latency = latency,
            Attempts = attempts,
        };
    }

    private ModbusResult Rejected(PendingRequest pending)
    {
        Counters(pending.Unit).RecordIsolatedRejection();
        return new ModbusResult
        {
            Status = ModbusStatus.UnitIsolated,
            Unit = pending.Unit,
            Table = TableOf(pending.Function),
            Address = pending.Address,
            Count = pending.Count,
            Attempts = 0,
        };
    }

    private static RegisterTable TableOf(FunctionCode function) => function switch
    {
        FunctionCode.ReadCoils or FunctionCode.WriteSingleCoil or FunctionCode.WriteMultipleCoils => RegisterTable.Coil,
        FunctionCode.ReadDiscreteInputs => RegisterTable.DiscreteInput,
        FunctionCode.ReadInputRegisters => RegisterTable.InputRegister,
        _ => RegisterTable.HoldingRegister,
    };

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
