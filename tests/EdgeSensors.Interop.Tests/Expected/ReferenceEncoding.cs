using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>
/// The registers a value occupies, built from its big-endian bytes with plain shifts. Deliberately not
/// RegisterEncoder: what third-party peers read from our server is checked against an independent encoding.
/// </summary>
internal static class ReferenceEncoding
{
    public static ushort[] Encode(TypedValue value)
    {
        int count = value.RegisterCount;
        var bytes = new byte[count * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(value.Bits >> (8 * (bytes.Length - 1 - i)));
        }

        bool swapWords = value.Order is WordOrder.CDAB or WordOrder.DCBA;
        bool swapBytes = value.Order is WordOrder.BADC or WordOrder.DCBA;
        var registers = new ushort[count];
        for (int word = 0; word < count; word++)
        {
            int source = swapWords ? count - 1 - word : word;
            byte high = bytes[2 * source];
            byte low = bytes[(2 * source) + 1];
            registers[word] = swapBytes ? (ushort)((low << 8) | high) : (ushort)((high << 8) | low);
        }

        return registers;
    }
}
