using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>
/// An in-memory set of units with four tables of 65536 entries each, for tests and the simulator. A unit answers
/// exception 02 beyond its configured size; units never added get no reply, as on a real bus.
/// Thread-safe: one lock, since tests set values while a server answers.
/// </summary>
public sealed class RegisterBank : IModbusRequestHandler
{
    private readonly object _gate = new();
    private readonly BankUnit?[] _units = new BankUnit?[256];

    /// <summary>Adds (or resets) a unit whose addresses 0..size-1 exist.</summary>
    public RegisterBank AddUnit(byte unit, int size = 65536)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 65536);
        lock (_gate)
        {
            _units[unit] = new BankUnit(size);
        }

        return this;
    }

    public bool HasUnit(byte unit)
    {
        lock (_gate)
        {
            return _units[unit] is not null;
        }
    }

    public void SetHolding(byte unit, ushort address, params ushort[] values) => SetRegisters(unit, RegisterTable.HoldingRegister, address, values);

    public void SetInput(byte unit, ushort address, params ushort[] values) => SetRegisters(unit, RegisterTable.InputRegister, address, values);

    public void SetCoils(byte unit, ushort address, params bool[] values) => SetBits(unit, RegisterTable.Coil, address, values);

    public void SetDiscreteInputs(byte unit, ushort address, params bool[] values) => SetBits(unit, RegisterTable.DiscreteInput, address, values);

    public ushort GetHolding(byte unit, ushort address)
    {
        lock (_gate)
        {
            return Unit(unit).Holding[address];
        }
    }

    public ushort GetInput(byte unit, ushort address)
    {
        lock (_gate)
        {
            return Unit(unit).Input[address];
        }
    }

    public bool GetCoil(byte unit, ushort address)
    {
        lock (_gate)
        {
            return Unit(unit).Coils[address];
        }
    }

    public bool GetDiscreteInput(byte unit, ushort address)
    {
        lock (_gate)
        {
            return Unit(unit).Discrete[address];
        }
    }

    /// <summary>Makes the unit misbehave (no reply, corrupt CRC, garbage, dropped connection) until set back to Reply.</summary>
    public void SetAction(byte unit, ServerAction action)
    {
        lock (_gate)
        {
            Unit(unit).Action = action;
        }
    }

    /// <summary>Makes every request to the unit answer this exception code; <see cref="ExceptionCode.None"/> stops it.</summary>
    public void SetForcedException(byte unit, ExceptionCode code)
    {
        lock (_gate)
        {
            Unit(unit).ForcedException = code;
        }
    }

    public ValueTask<ServerAction> HandleAsync(ServerExchange exchange, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        lock (_gate)
        {
            BankUnit? unit = _units[exchange.Unit];
            if (unit is null)
            {
                return ValueTask.FromResult(ServerAction.NoReply);
            }

            exchange.ResponseLength = Answer(unit, exchange.Request, exchange.ResponsePdu);
            return ValueTask.FromResult(unit.Action);
        }
    }

    private static int Answer(BankUnit unit, ModbusRequest request, byte[] pdu)
    {
        if (unit.ForcedException != ExceptionCode.None)
        {
            return ModbusPdu.WriteExceptionResponse((byte)request.Function, unit.ForcedException, pdu, 0);
        }

        if (request.Address + request.Quantity > unit.Size)
        {
            return ModbusPdu.WriteExceptionResponse((byte)request.Function, ExceptionCode.IllegalDataAddress, pdu, 0);
        }

        int address = request.Address;
        int count = request.Quantity;
        switch (request.Function)
        {
            case FunctionCode.ReadHoldingRegisters:
                return ModbusPdu.WriteRegistersResponse(request.Function, Slice(unit.Holding, address, count), count, pdu, 0);
            case FunctionCode.ReadInputRegisters:
                return ModbusPdu.WriteRegistersResponse(request.Function, Slice(unit.Input, address, count), count, pdu, 0);
            case FunctionCode.ReadCoils:
                return ModbusPdu.WriteBitsResponse(request.Function, Slice(unit.Coils, address, count), count, pdu, 0);
            case FunctionCode.ReadDiscreteInputs:
                return ModbusPdu.WriteBitsResponse(request.Function, Slice(unit.Discrete, address, count), count, pdu, 0);
            case FunctionCode.WriteSingleRegister:
            case FunctionCode.WriteMultipleRegisters:
                Array.Copy(request.RegisterValues, 0, unit.Holding, address, count);
                return ModbusPdu.WriteWriteResponse(request, pdu, 0);
            case FunctionCode.WriteSingleCoil:
            case FunctionCode.WriteMultipleCoils:
                Array.Copy(request.CoilValues, 0, unit.Coils, address, count);
                return ModbusPdu.WriteWriteResponse(request, pdu, 0);
            default:
                return ModbusPdu.WriteExceptionResponse((byte)request.Function, ExceptionCode.IllegalFunction, pdu, 0);
        }
    }

    private static T[] Slice<T>(T[] table, int address, int count) => table.AsSpan(address, count).ToArray();

    private void SetRegisters(byte unit, RegisterTable table, ushort address, ushort[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_gate)
        {
            BankUnit target = Unit(unit);
            Array.Copy(values, 0, table == RegisterTable.HoldingRegister ? target.Holding : target.Input, address, values.Length);
        }
    }

    private void SetBits(byte unit, RegisterTable table, ushort address, bool[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_gate)
        {
            BankUnit target = Unit(unit);
            Array.Copy(values, 0, table == RegisterTable.Coil ? target.Coils : target.Discrete, address, values.Length);
        }
    }

    private BankUnit Unit(byte unit) => _units[unit] ?? throw new ArgumentException("unit " + unit + " was not added to the bank; call AddUnit first", nameof(unit));
}
