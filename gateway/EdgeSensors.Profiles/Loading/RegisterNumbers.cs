using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Profiles.Loading;

/// <summary>
/// Datasheet register numbers (40001, 300101: first digit is the table, the rest is 1-based) to protocol addresses.
/// Profiles only need the integer form; the CLI's free-text parsing lives in Gateway.Modbus's RegisterAddress.
/// </summary>
internal static class RegisterNumbers
{
    public static bool TryToAddress(long number, out RegisterTable table, out ushort address, out string? error)
    {
        table = RegisterTable.HoldingRegister;
        address = 0;
        long divisor;
        if (number >= 1 && number <= 99999)
        {
            divisor = 10000;
        }
        else if (number >= 100001 && number <= 465536)
        {
            divisor = 100000;
        }
        else
        {
            error = $"{number} is not a register number: use 5 digits (40001) or 6 digits (400001), or give 'address' (0-based) instead";
            return false;
        }

        long prefix = number / divisor;
        long oneBased = number % divisor;
        if (prefix is not (0 or 1 or 3 or 4) || oneBased < 1 || oneBased > 65536)
        {
            error = $"{number} is not a register number: the first digit must be 0 (coil), 1 (discrete), 3 (input) or 4 (holding) and the rest 1-65536";
            return false;
        }

        table = (RegisterTable)prefix;
        address = (ushort)(oneBased - 1);
        error = null;
        return true;
    }
}
