using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Profiles.Planning;

public sealed class BlockPlanOptions
{
    /// <summary>
    /// Unmapped registers a block may read through to save a request. 0 (the default) is safe: many instruments
    /// answer exception 02 when a read touches an address they do not map.
    /// </summary>
    public int MaxGap { get; init; }

    /// <summary>Largest block in registers (125 by the protocol) and in bits (2000).</summary>
    public int MaxRegisters { get; init; } = ModbusLimits.MaxReadRegisters;

    public int MaxBits { get; init; } = ModbusLimits.MaxReadBits;
}
