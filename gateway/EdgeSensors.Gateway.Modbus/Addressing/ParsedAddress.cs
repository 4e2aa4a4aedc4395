using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Addressing;

/// <summary>An address read from documentation or a command line, with the notation it was read in.</summary>
/// <param name="Table">The table it addresses.</param>
/// <param name="Address">The 0-based protocol address.</param>
/// <param name="Notation">Which notation the text was read in.</param>
/// <param name="Text">The text as given (trimmed).</param>
public readonly record struct ParsedAddress(RegisterTable Table, ushort Address, AddressNotation Notation, string Text)
{
    /// <summary>One line saying how the text was read, e.g. "40001 read as register number: holding register, protocol address 0 (0x0000)".</summary>
    public string Explain()
    {
        string table = RegisterAddress.TableName(Table);
        return Notation == AddressNotation.RegisterNumber
            ? Text + " read as register number: " + table + ", protocol address " + Address + " (0x" + Address.ToString("X4") + ")"
            : Text + " read as protocol address " + Address + " (0x" + Address.ToString("X4") + "): " + table + ", register number " + RegisterAddress.RegisterNumber(Table, Address);
    }
}
