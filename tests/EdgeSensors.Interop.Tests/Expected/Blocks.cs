namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>Consecutive raw registers starting at a 0-based address.</summary>
internal sealed record RegisterBlock(ushort Address, ushort[] Registers);

/// <summary>Consecutive bits (0 or 1) starting at a 0-based address.</summary>
internal sealed record BitBlock(ushort Address, int[] Bits)
{
    public bool[] Values => Bits.Select(b => b != 0).ToArray();
}

/// <summary>A 0-based address range.</summary>
internal sealed record AddressRange(ushort Address, ushort Count);

/// <summary>A unit the servers do not know: requests to it get no answer at all.</summary>
internal sealed record SilentUnit(byte Unit);
