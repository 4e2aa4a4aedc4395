namespace EdgeSensors.Modbus.Decoding;

/// <summary>
/// Byte order of a multi-register value, named by where bytes A (most significant) to D land in the registers
/// as they arrive. Vendors disagree: KELLER uses ABCD, VEGA's default is CDAB. For 64-bit values the same
/// two rules (swap words, swap bytes within a word) extend to four registers.
/// </summary>
public enum WordOrder
{
    /// <summary>Big-endian: high word first, high byte first.</summary>
    ABCD,

    /// <summary>Word-swapped: low word first, high byte first ("Modicon" float order).</summary>
    CDAB,

    /// <summary>Byte-swapped: high word first, low byte first.</summary>
    BADC,

    /// <summary>Little-endian: low word first, low byte first.</summary>
    DCBA,
}
