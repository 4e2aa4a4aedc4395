using System.Text;
using EdgeSensors.Config.Hashing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Config;

/// <summary>The hand-written SHA-256 against FIPS 180-4 / NIST example vectors and the runtime's own SHA256.</summary>
public class Sha256Tests
{
    // NIST CSRC "Examples with intermediate values" for SHA-256 and the FIPS 180-2 appendix long-message vector.
    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData(
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void NistVectors(string message, string expectedHex)
    {
        byte[] data = Encoding.ASCII.GetBytes(message);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha256.Hash(data, 0, data.Length)));
    }

    [Fact]
    public void NistVector_OneMillionA_FedInOddChunks()
    {
        var chunk = new byte[997];
        Array.Fill(chunk, (byte)'a');
        var hasher = new Sha256();
        int remaining = 1_000_000;
        while (remaining > 0)
        {
            int count = Math.Min(remaining, chunk.Length);
            hasher.Update(chunk, 0, count);
            remaining -= count;
        }

        var digest = new byte[32];
        hasher.Final(digest, 0);
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(digest));
    }

    // Lengths around the padding boundaries (55, 56, 63, 64, 119, 120 bytes) are where a padding bug shows.
    [Theory]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(57)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(128)]
    public void PaddingBoundaries_MatchTheRuntime(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.Hash(data, 0, data.Length));
    }

    [Property(MaxTest = 2000)]
    public Property AnyInput_AnySplit_MatchesTheRuntime()
    {
        Gen<(byte[] Data, int[] Cuts)> input =
            from length in Gen.Choose(0, 700)
            from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            from cuts in Gen.ArrayOf(Gen.Choose(0, length), 3)
            select (data, cuts);

        return Prop.ForAll(input.ToArbitrary(), sample =>
        {
            int[] cuts = [.. sample.Cuts.Order()];
            var hasher = new Sha256();

            // Feed in four pieces at random cut points, from an offset inside a larger buffer.
            byte[] padded = new byte[sample.Data.Length + 3];
            sample.Data.CopyTo(padded, 3);
            int start = 0;
            foreach (int cut in cuts.Append(sample.Data.Length))
            {
                hasher.Update(padded, 3 + start, cut - start);
                start = cut;
            }

            var digest = new byte[40];
            hasher.Final(digest, 5);
            return digest.AsSpan(5, 32).SequenceEqual(System.Security.Cryptography.SHA256.HashData(sample.Data));
        });
    }

    [Fact]
    public void Final_Resets_SoTheNextMessageStartsClean()
    {
        var hasher = new Sha256();
        byte[] first = Encoding.ASCII.GetBytes("first message");
        byte[] abc = Encoding.ASCII.GetBytes("abc");
        var digest = new byte[32];
        hasher.Update(first, 0, first.Length);
        hasher.Final(digest, 0);
        hasher.Update(abc, 0, abc.Length);
        hasher.Final(digest, 0);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void UpdateAndFinal_AllocateNothing()
    {
        var hasher = new Sha256();
        var data = new byte[1000];
        var digest = new byte[32];
        hasher.Update(data, 0, data.Length);
        hasher.Final(digest, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            hasher.Update(data, 0, 1 + (i % 999));
            hasher.Update((byte)i);
            hasher.Final(digest, 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 11)]
    [InlineData(5, -1)]
    public void Update_OutsideTheBuffer_ThrowsNamingTheRange(int offset, int count)
    {
        var error = Assert.Throws<ArgumentException>(() => new Sha256().Update(new byte[10], offset, count));
        Assert.Contains("outside the buffer", error.Message, StringComparison.Ordinal);
    }
}
