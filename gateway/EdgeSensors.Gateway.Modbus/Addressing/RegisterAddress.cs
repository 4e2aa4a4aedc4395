using System.Globalization;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Addressing;

/// <summary>
/// Reads addresses in both notations people use: 0-based protocol addresses ("0", "6", "0x0006") and 1-based
/// register numbers with the table in the first digit ("40001", "30101", "400001"). Mixing them up is the most
/// common wiring-day mistake, so the result always says which notation was used.
/// </summary>
public static class RegisterAddress
{
    /// <summary>
    /// Parses <paramref name="text"/>. A 5- or 6-digit decimal number starting with 0, 1, 3 or 4 is a register
    /// number; anything else (decimal or 0x hex) is a protocol address and needs <paramref name="table"/>.
    /// A register number whose table disagrees with <paramref name="table"/> is an error saying how to fix it.
    /// </summary>
    public static bool TryParse(string text, RegisterTable? table, out ParsedAddress parsed, out string? error)
    {
        parsed = default;
        error = null;
        string trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            error = "empty address: give a 0-based address (0, 0x0006) or a register number (40001)";
            return false;
        }

        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = trimmed[2..];
            if (hex.Length == 0 || hex.Length > 4 || !ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort hexAddress))
            {
                error = "'" + trimmed + "' is not a hex protocol address 0x0000-0xFFFF";
                return false;
            }

            return ProtocolAddress(trimmed, hexAddress, table, out parsed, out error);
        }

        if (!IsAllDigits(trimmed))
        {
            error = "'" + trimmed + "' is not an address: use a 0-based address (0, 0x0006) or a register number (40001)";
            return false;
        }

        if ((trimmed.Length == 5 || trimmed.Length == 6) && TableFromDigit(trimmed[0]) is RegisterTable numberTable)
        {
            return RegisterNumberText(trimmed, numberTable, table, out parsed, out error);
        }

        if (trimmed.Length > 5 || !ushort.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out ushort address))
        {
            error = "'" + trimmed + "' is neither a protocol address 0-65535 nor a register number (0xxxx, 1xxxx, 3xxxx, 4xxxx or 6 digits)";
            return false;
        }

        return ProtocolAddress(trimmed, address, table, out parsed, out error);
    }

    /// <summary>The register number of a 0-based address: 5 digits up to x9999 ("40001"), 6 digits beyond ("410000").</summary>
    public static string RegisterNumber(RegisterTable table, ushort address)
    {
        int prefix = (int)table;
        int number = address + 1;
        return number <= 9999
            ? (prefix * 10000 + number).ToString("D5", CultureInfo.InvariantCulture)
            : (prefix * 100000 + number).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>"holding register", "input register", "coil", "discrete input".</summary>
    public static string TableName(RegisterTable table) => table switch
    {
        RegisterTable.Coil => "coil",
        RegisterTable.DiscreteInput => "discrete input",
        RegisterTable.InputRegister => "input register",
        RegisterTable.HoldingRegister => "holding register",
        _ => "table " + (int)table,
    };

    private static bool ProtocolAddress(string text, ushort address, RegisterTable? table, out ParsedAddress parsed, out string? error)
    {
        if (table is not RegisterTable known)
        {
            parsed = default;
            error = "'" + text + "' is a 0-based protocol address and names no table: give the table too, or write a register number such as "
                + RegisterNumber(RegisterTable.HoldingRegister, address) + " (holding) or " + RegisterNumber(RegisterTable.InputRegister, address) + " (input)";
            return false;
        }

        parsed = new ParsedAddress(known, address, AddressNotation.ProtocolAddress, text);
        error = null;
        return true;
    }

    private static bool RegisterNumberText(string text, RegisterTable numberTable, RegisterTable? table, out ParsedAddress parsed, out string? error)
    {
        parsed = default;
        int number = int.Parse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
        int max = text.Length == 5 ? 9999 : 65536;
        if (number < 1 || number > max)
        {
            error = "register number " + text + " is out of range: " + TableName(numberTable) + " numbers run from "
                + RegisterNumber(numberTable, 0) + " to " + (text.Length == 5 ? RegisterNumber(numberTable, 9998) : RegisterNumber(numberTable, 65535))
                + " (register numbers are 1-based)";
            return false;
        }

        var address = (ushort)(number - 1);
        if (table is RegisterTable expected && expected != numberTable)
        {
            error = text + " is a " + TableName(numberTable) + " register number but the table is " + TableName(expected)
                + ": write " + RegisterNumber(expected, address) + " for " + TableName(expected) + " address " + address
                + ", or use table " + TableName(numberTable) + ", or give the 0-based address " + address;
            return false;
        }

        parsed = new ParsedAddress(numberTable, address, AddressNotation.RegisterNumber, text);
        error = null;
        return true;
    }

    private static RegisterTable? TableFromDigit(char digit) => digit switch
    {
        '0' => RegisterTable.Coil,
        '1' => RegisterTable.DiscreteInput,
        '3' => RegisterTable.InputRegister,
        '4' => RegisterTable.HoldingRegister,
        _ => null,
    };

    private static bool IsAllDigits(string text)
    {
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
