using System.Text;
using EdgeSensors.Config.Hashing;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Config;

/// <summary>The envelope's CRC-32 is the common IEEE one, checked against System.IO.Hashing.</summary>
public class Crc32Tests
{
    [Fact]
    public void CheckValue()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [Property(MaxTest = 2000)]
    public bool MatchesSystemIoHashing(byte[] data, byte lead)
    {
        byte[] padded = [lead, .. data];
        return Crc32.Compute(padded, 1, data.Length) == System.IO.Hashing.Crc32.HashToUInt32(data);
    }
}
