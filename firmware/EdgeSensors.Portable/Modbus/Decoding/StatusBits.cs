namespace EdgeSensors.Modbus.Decoding;

/// <summary>Bit fields inside status registers (for example the PT495's status word: sensor type in the high byte, alarm and fault bits in the low byte).</summary>
public static class StatusBits
{
    public static bool IsSet(ushort register, int bit)
    {
        return ((register >> bit) & 1) != 0;
    }

    /// <summary>The unsigned field of <paramref name="width"/> bits starting at <paramref name="lowBit"/>.</summary>
    public static int Field(ushort register, int lowBit, int width)
    {
        return (register >> lowBit) & ((1 << width) - 1);
    }
}
