using System.Globalization;

namespace EdgeSensors.Portable.Tests.Support;

/// <summary>Frames in tests are written the way the spec prints them: "01 03 00 6B 00 03".</summary>
internal static class Hex
{
    public static byte[] Bytes(string text)
    {
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var bytes = new byte[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            bytes[i] = byte.Parse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    public static string Text(byte[] bytes, int offset, int count)
    {
        return string.Join(' ', bytes.Skip(offset).Take(count).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
    }
}
