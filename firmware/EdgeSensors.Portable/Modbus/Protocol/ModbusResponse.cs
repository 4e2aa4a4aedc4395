namespace EdgeSensors.Modbus.Protocol;

/// <summary>
/// The decoded payload of one response. Buffers are allocated once with protocol-maximum size and reused,
/// so parsing a response allocates nothing.
/// </summary>
public sealed class ModbusResponse
{
    public ModbusResponse()
        : this(ModbusLimits.MaxReadRegisters, ModbusLimits.MaxReadBits)
    {
    }

    public ModbusResponse(int registerCapacity, int bitCapacity)
    {
        Registers = new ushort[registerCapacity];
        Bits = new bool[bitCapacity];
    }

    /// <summary>Registers read by functions 3 and 4; valid up to <see cref="Count"/>.</summary>
    public ushort[] Registers { get; }

    /// <summary>Bits read by functions 1 and 2; valid up to <see cref="Count"/>.</summary>
    public bool[] Bits { get; }

    /// <summary>Registers or bits decoded; 0 for writes and failures.</summary>
    public int Count { get; set; }

    /// <summary>Set when the status is <see cref="ModbusStatus.ExceptionResponse"/>.</summary>
    public ExceptionCode ExceptionCode { get; set; }

    /// <summary>
    /// Forgets the previous response. The values it reported are zeroed too, so a caller that ignores
    /// <see cref="Count"/> after a failed poll reads 0, never a stale reading. Only the previous Count
    /// entries are touched, which keeps this cheap on a device.
    /// </summary>
    public void Clear()
    {
        int registers = Count < Registers.Length ? Count : Registers.Length;
        for (int i = 0; i < registers; i++)
        {
            Registers[i] = 0;
        }

        int bits = Count < Bits.Length ? Count : Bits.Length;
        for (int i = 0; i < bits; i++)
        {
            Bits[i] = false;
        }

        Count = 0;
        ExceptionCode = ExceptionCode.None;
    }
}
