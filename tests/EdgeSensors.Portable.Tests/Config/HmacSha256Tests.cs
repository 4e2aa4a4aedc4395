using System.Text;
using EdgeSensors.Config.Hashing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Config;

/// <summary>The hand-written HMAC-SHA256 against RFC 4231's test cases and the runtime's HMACSHA256.</summary>
public class HmacSha256Tests
{
    private static readonly string Rfc4231LongKey = string.Concat(Enumerable.Repeat("aa", 131));

    public static TheoryData<string, string, string> Rfc4231Cases() => new()
    {
        // Test case 1
        { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Convert.ToHexString(Encoding.ASCII.GetBytes("Hi There")), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },

        // Test case 2: a key shorter than the output
        { Convert.ToHexString(Encoding.ASCII.GetBytes("Jefe")), Convert.ToHexString(Encoding.ASCII.GetBytes("what do ya want for nothing?")), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },

        // Test case 3: 20-byte key, 50 bytes of 0xdd
        { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", string.Concat(Enumerable.Repeat("dd", 50)), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },

        // Test case 4: 25-byte key 0x01..0x19, 50 bytes of 0xcd
        { "0102030405060708090a0b0c0d0e0f10111213141516171819", string.Concat(Enumerable.Repeat("cd", 50)), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },

        // Test case 6: a 131-byte key, longer than a block, is hashed first
        { Rfc4231LongKey, Convert.ToHexString(Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First")), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },

        // Test case 7: long key and long data
        {
            Rfc4231LongKey,
            Convert.ToHexString(Encoding.ASCII.GetBytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc4231Cases))]
    public void Rfc4231(string keyHex, string dataHex, string expectedHex)
    {
        byte[] key = Convert.FromHexString(keyHex);
        byte[] data = Convert.FromHexString(dataHex);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(HmacSha256.Compute(key, data, 0, data.Length)));
    }

    [Fact]
    public void Rfc4231_Case5_TruncatedTo128Bits()
    {
        byte[] key = Convert.FromHexString(string.Concat(Enumerable.Repeat("0c", 20)));
        byte[] data = Encoding.ASCII.GetBytes("Test With Truncation");
        Assert.Equal("a3b6167473100ee06e0c796c2955552b", Convert.ToHexStringLower(HmacSha256.Compute(key, data, 0, data.Length)).Substring(0, 32));
    }

    [Property(MaxTest = 1000)]
    public Property AnyKeyAndMessage_MatchesTheRuntime()
    {
        Gen<(byte[] Key, byte[] Data, int Cut)> input =
            from keyLength in Gen.Choose(0, 150)
            from key in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), keyLength)
            from length in Gen.Choose(0, 400)
            from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            from cut in Gen.Choose(0, length)
            select (key, data, cut);

        return Prop.ForAll(input.ToArbitrary(), sample =>
        {
            var mac = new HmacSha256(sample.Key);
            mac.Update(sample.Data, 0, sample.Cut);
            mac.Update(sample.Data, sample.Cut, sample.Data.Length - sample.Cut);
            var output = new byte[32];
            mac.Final(output, 0);
            return output.AsSpan().SequenceEqual(System.Security.Cryptography.HMACSHA256.HashData(sample.Key, sample.Data));
        });
    }

    [Fact]
    public void Final_KeepsTheKey_ForTheNextMessage()
    {
        byte[] key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] one = Encoding.ASCII.GetBytes("revision 1");
        byte[] two = Encoding.ASCII.GetBytes("revision 2");
        var mac = new HmacSha256(key);
        var output = new byte[32];
        mac.Update(one, 0, one.Length);
        mac.Final(output, 0);
        mac.Update(two, 0, two.Length);
        mac.Final(output, 0);
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(key, two), output);
    }

    [Fact]
    public void FixedTimeEquals_FindsADifferenceInAnyByte()
    {
        byte[] a = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.True(HmacSha256.FixedTimeEquals(a, 0, (byte[])a.Clone(), 0, 32));
        for (int i = 0; i < 32; i++)
        {
            byte[] b = (byte[])a.Clone();
            b[i] ^= 0x40;
            Assert.False(HmacSha256.FixedTimeEquals(a, 0, b, 0, 32));
        }
    }
}
