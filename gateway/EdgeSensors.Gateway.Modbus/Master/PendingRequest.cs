using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>A caller's request waiting in its unit's queue. It holds the caller's values; the bus copies them into its one reused ModbusRequest.</summary>
internal sealed class PendingRequest
{
    public PendingRequest(byte unit, FunctionCode function, ushort address, ushort count, ushort[]? registers, bool[]? coils)
    {
        Unit = unit;
        Function = function;
        Address = address;
        Count = count;
        Registers = registers;
        Coils = coils;
    }

    public byte Unit { get; }

    public FunctionCode Function { get; }

    public ushort Address { get; }

    public ushort Count { get; }

    /// <summary>Values for functions 6 and 16.</summary>
    public ushort[]? Registers { get; }

    /// <summary>Values for functions 5 and 15.</summary>
    public bool[]? Coils { get; }

    public TaskCompletionSource<ModbusResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenRegistration CancelRegistration { get; set; }

    /// <summary>Loads this request into the bus's reusable request object.</summary>
    public void CopyTo(ModbusRequest request)
    {
        switch (Function)
        {
            case FunctionCode.WriteSingleRegister:
                request.SetWriteSingleRegister(Unit, Address, Registers![0]);
                break;
            case FunctionCode.WriteMultipleRegisters:
                request.SetWriteMultipleRegisters(Unit, Address, Registers!, Count);
                break;
            case FunctionCode.WriteSingleCoil:
                request.SetWriteSingleCoil(Unit, Address, Coils![0]);
                break;
            case FunctionCode.WriteMultipleCoils:
                request.SetWriteMultipleCoils(Unit, Address, Coils!, Count);
                break;
            default:
                request.SetRead(Unit, Function, Address, Count);
                break;
        }
    }
}
