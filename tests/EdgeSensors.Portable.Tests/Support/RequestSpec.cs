using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Support;

/// <summary>
/// An immutable description of one valid request, so FsCheck can print a failing case readably;
/// <see cref="ToRequest"/> builds the reusable production object from it. For writes, Registers and Bits
/// are the values written; for reads, which carry no values, they are the data a server answers with.
/// </summary>
internal sealed record RequestSpec(byte Unit, FunctionCode Function, ushort Address, ushort Quantity, ushort[] Registers, bool[] Bits)
{
    public ModbusRequest ToRequest()
    {
        var request = new ModbusRequest();
        switch (Function)
        {
            case FunctionCode.WriteSingleCoil:
                return request.SetWriteSingleCoil(Unit, Address, Bits[0]);
            case FunctionCode.WriteSingleRegister:
                return request.SetWriteSingleRegister(Unit, Address, Registers[0]);
            case FunctionCode.WriteMultipleCoils:
                return request.SetWriteMultipleCoils(Unit, Address, Bits, Quantity);
            case FunctionCode.WriteMultipleRegisters:
                return request.SetWriteMultipleRegisters(Unit, Address, Registers, Quantity);
            default:
                return request.SetRead(Unit, Function, Address, Quantity);
        }
    }

    /// <summary>Short, with long arrays cut, so a failing case stays readable.</summary>
    public override string ToString()
    {
        return Function + " unit " + Unit + " @" + Address + " x" + Quantity
            + " regs [" + string.Join(",", Registers.Take(8)) + (Registers.Length > 8 ? ",..." : string.Empty) + "]"
            + " bits [" + string.Join(string.Empty, Bits.Take(32).Select(b => b ? '1' : '0')) + (Bits.Length > 32 ? "..." : string.Empty) + "]";
    }
}
