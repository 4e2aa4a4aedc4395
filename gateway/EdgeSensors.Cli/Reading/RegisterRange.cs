using EdgeSensors.Cli.Options;
using EdgeSensors.Gateway.Modbus.Addressing;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Cli.Reading;

/// <summary>An address-mode read: unit, first register (with the notation it was given in), how many values, how to decode.</summary>
public sealed record RegisterRange(byte Unit, ParsedAddress Start, int ValueCount, Decoding Decoding)
{
    public RegisterTable Table => Start.Table;

    public bool IsBits => Table is RegisterTable.Coil or RegisterTable.DiscreteInput;

    /// <summary>Registers per value: 1 for bits and 16-bit types, 2 for 32-bit, 4 for 64-bit.</summary>
    public int Width => IsBits ? 1 : DataTypes.RegisterCount(Decoding.Type);

    /// <summary>The quantity on the wire: bits, or registers.</summary>
    public int Quantity => ValueCount * Width;

    /// <summary>
    /// Builds the range from the command line. A protocol address with no --table means holding; a register number
    /// names its own table.
    /// </summary>
    public static RegisterRange Parse(int unit, string? table, string address, int count, Decoding decoding)
    {
        RegisterTable? given = TargetOptions.ParseTable(table);
        if (!RegisterAddress.TryParse(address, given, out ParsedAddress start, out string? error)
            && (given is not null || !RegisterAddress.TryParse(address, RegisterTable.HoldingRegister, out start, out error)))
        {
            throw new CliUsageException("--address: " + error);
        }

        var range = new RegisterRange((byte)unit, start, count, decoding);
        int limit = range.IsBits ? ModbusLimits.MaxReadBits : ModbusLimits.MaxReadRegisters;
        if (range.Quantity > limit)
        {
            throw new CliUsageException(
                $"--count {count} x {range.Width} register(s) = {range.Quantity} is more than one Modbus read allows ({limit}); lower --count.");
        }

        if (start.Address + range.Quantity > 65536)
        {
            throw new CliUsageException($"--count {count} runs past the last address 65535 (0xFFFF).");
        }

        return range;
    }
}
