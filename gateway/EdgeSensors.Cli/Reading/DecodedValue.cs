namespace EdgeSensors.Cli.Reading;

/// <summary>
/// One value of an address-mode read: where it starts, the raw registers (or bit) and the decoded number(s).
/// <see cref="Values"/> holds one entry for the chosen order, or four (ABCD, CDAB, BADC, DCBA) for --order all.
/// </summary>
public sealed record DecodedValue(string RegisterNumber, ushort Address, ushort[] Raw, bool? Bit, double[] Values);
