using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Profiles.Decoding;

/// <summary>
/// The registers and bits read from one unit in one poll, by table and 0-based address. Decoding looks values up
/// here, so a tag whose registers were not read (or failed) shows as missing rather than as a stale number.
/// </summary>
public sealed class RegisterSnapshot
{
    private readonly Dictionary<int, ushort> _registers = [];
    private readonly Dictionary<int, bool> _bits = [];

    public void AddRegisters(RegisterTable table, ushort address, ReadOnlySpan<ushort> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            _registers[Key(table, address + i)] = values[i];
        }
    }

    public void AddBits(RegisterTable table, ushort address, ReadOnlySpan<bool> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            _bits[Key(table, address + i)] = values[i];
        }
    }

    /// <summary>Forgets every value, keeping the tables' capacity, so a poller can reuse one snapshot per poll.</summary>
    public void Clear()
    {
        _registers.Clear();
        _bits.Clear();
    }

    /// <summary>Copies <paramref name="count"/> registers into <paramref name="destination"/>; false if any is missing.</summary>
    public bool TryGetRegisters(RegisterTable table, ushort address, int count, ushort[] destination)
    {
        for (int i = 0; i < count; i++)
        {
            if (!_registers.TryGetValue(Key(table, address + i), out ushort value))
            {
                return false;
            }

            destination[i] = value;
        }

        return true;
    }

    public bool TryGetBit(RegisterTable table, ushort address, out bool value) => _bits.TryGetValue(Key(table, address), out value);

    private static int Key(RegisterTable table, int address) => ((int)table << 17) | address;
}
