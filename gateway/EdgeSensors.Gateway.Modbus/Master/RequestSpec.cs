using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>What a caller asked for, held until the bus loads it into its one reused <see cref="ModbusRequest"/>.</summary>
internal readonly record struct RequestSpec(byte Unit, FunctionCode Function, ushort Address, ushort Count, ushort[]? Registers, bool[]? Coils)
{
    public static RequestSpec Read(byte unit, FunctionCode function, ushort address, ushort count) => new(unit, function, address, count, null, null);

    public RegisterTable Table => Function switch
    {
        FunctionCode.ReadCoils or FunctionCode.WriteSingleCoil or FunctionCode.WriteMultipleCoils => RegisterTable.Coil,
        FunctionCode.ReadDiscreteInputs => RegisterTable.DiscreteInput,
        FunctionCode.ReadInputRegisters => RegisterTable.InputRegister,
        _ => RegisterTable.HoldingRegister,
    };

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
