using System;

namespace EdgeSensors.Modbus.Protocol;

/// <summary>
/// One Modbus request, in protocol terms (0-based address). Instances are reusable: a master keeps one per
/// bus and refills it, so a steady poll cycle allocates nothing.
/// </summary>
public sealed class ModbusRequest
{
    public ModbusRequest()
        : this(ModbusLimits.MaxWriteRegisters, ModbusLimits.MaxWriteCoils)
    {
    }

    /// <summary>Creates a request whose write buffers hold up to the given counts (a small device can ask for less).</summary>
    public ModbusRequest(int registerCapacity, int coilCapacity)
    {
        RegisterValues = new ushort[registerCapacity];
        CoilValues = new bool[coilCapacity];
    }

    public byte Unit { get; set; }

    public FunctionCode Function { get; set; }

    /// <summary>0-based protocol address of the first register or coil.</summary>
    public ushort Address { get; set; }

    /// <summary>Registers or bits to read, or to write for functions 15 and 16. 1 for functions 5 and 6.</summary>
    public ushort Quantity { get; set; }

    /// <summary>Values to write for functions 6 (index 0) and 16.</summary>
    public ushort[] RegisterValues { get; }

    /// <summary>Values to write for functions 5 (index 0) and 15.</summary>
    public bool[] CoilValues { get; }

    /// <summary>Sets up a read of registers or bits.</summary>
    public ModbusRequest SetRead(byte unit, FunctionCode function, ushort address, ushort quantity)
    {
        Unit = unit;
        Function = function;
        Address = address;
        Quantity = quantity;
        return this;
    }

    public ModbusRequest SetWriteSingleRegister(byte unit, ushort address, ushort value)
    {
        Unit = unit;
        Function = FunctionCode.WriteSingleRegister;
        Address = address;
        Quantity = 1;
        RegisterValues[0] = value;
        return this;
    }

    public ModbusRequest SetWriteSingleCoil(byte unit, ushort address, bool value)
    {
        Unit = unit;
        Function = FunctionCode.WriteSingleCoil;
        Address = address;
        Quantity = 1;
        CoilValues[0] = value;
        return this;
    }

    public ModbusRequest SetWriteMultipleRegisters(byte unit, ushort address, ushort[] values, int count)
    {
        Unit = unit;
        Function = FunctionCode.WriteMultipleRegisters;
        Address = address;
        Quantity = (ushort)count;
        Array.Copy(values, RegisterValues, count);
        return this;
    }

    public ModbusRequest SetWriteMultipleCoils(byte unit, ushort address, bool[] values, int count)
    {
        Unit = unit;
        Function = FunctionCode.WriteMultipleCoils;
        Address = address;
        Quantity = (ushort)count;
        Array.Copy(values, CoilValues, count);
        return this;
    }

    /// <summary>The table this request reads or writes.</summary>
    public RegisterTable Table
    {
        get
        {
            switch (Function)
            {
                case FunctionCode.ReadCoils:
                case FunctionCode.WriteSingleCoil:
                case FunctionCode.WriteMultipleCoils:
                    return RegisterTable.Coil;
                case FunctionCode.ReadDiscreteInputs:
                    return RegisterTable.DiscreteInput;
                case FunctionCode.ReadInputRegisters:
                    return RegisterTable.InputRegister;
                default:
                    return RegisterTable.HoldingRegister;
            }
        }
    }

    /// <summary>True for function codes 1 to 4.</summary>
    public bool IsRead
    {
        get { return (byte)Function >= 1 && (byte)Function <= 4; }
    }

    /// <summary>True when the response carries bits (coils or discrete inputs) rather than registers.</summary>
    public bool IsBitAccess
    {
        get { return Function == FunctionCode.ReadCoils || Function == FunctionCode.ReadDiscreteInputs || Function == FunctionCode.WriteSingleCoil || Function == FunctionCode.WriteMultipleCoils; }
    }
}
