using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeSensors.Config.Envelope;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EdgeSensors.Portable.Tests.Config.EnvelopeSamples;

namespace EdgeSensors.Portable.Tests.Config;

/// <summary>Sealing and opening the signed config document, and each reason it is refused for.</summary>
public class ConfigEnvelopeTests
{
    [Fact]
    public void Seal_WritesTheDocumentedHeader_SignedOverHeaderFieldsAndBody()
    {
        byte[] document = Sealed(7);
        string[] fields = Fields(document);

        Assert.Equal(["ESCFG1", "7", NodeBody.Length.ToString(CultureInfo.InvariantCulture)], fields[..3]);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(NodeBody).ToString("x8", CultureInfo.InvariantCulture), fields[3]);

        // The HMAC covers "ESCFG1 7 <len> <crc>\n" + body, computed independently with the runtime's HMACSHA256.
        byte[] signed = [.. Encoding.ASCII.GetBytes(string.Join(' ', fields[..4]) + "\n"), .. NodeBody];
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(DeviceKey, signed)), fields[4]);
        Assert.Equal(NodeBody, document[(LineFeed(document) + 1)..]);
    }

    /// <summary>The example in docs/config-delivery.md, computed there independently (Python hmac, zlib.crc32).</summary>
    [Fact]
    public void Seal_MatchesTheDocumentedExample()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] body = Encoding.UTF8.GetBytes("node: node-esp32-07\npoll_ms: 1000\n");
        const string Expected = "ESCFG1 3 34 c5c8200c af2ddb8ba3c269a9d9ffd8ffcc8b27ebc52edcc81abd23e1c64f7f31583ae309\nnode: node-esp32-07\npoll_ms: 1000\n";

        byte[] document = ConfigEnvelope.Seal(3, body, key);

        Assert.Equal(Expected, Encoding.ASCII.GetString(document));
        ConfigEnvelopeResult result = ConfigEnvelope.Open(document, document.Length, key);
        Assert.True(result.Ok);
        Assert.Equal("6e9e6af71eafdc98e9a72d2c4ca5d6452189b9f5762820542343bb5e8c08f701", result.BodySha256Hex);
    }

    [Property(MaxTest = 500)]
    public Property RoundTrip_AnyRevisionBodyAndKey()
    {
        Gen<(int Revision, byte[] Body, byte[] Key)> input =
            from revision in Gen.Frequency((4, Gen.Choose(1, int.MaxValue)), (1, Gen.Constant(1)), (1, Gen.Constant(int.MaxValue)))
            from length in Gen.Choose(0, 600)
            from body in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            from keyLength in Gen.Choose(ConfigEnvelope.MinKeyLength, ConfigEnvelope.MaxKeyLength)
            from key in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), keyLength)
            select (revision, body, key);

        return Prop.ForAll(input.ToArbitrary(), sample =>
        {
            byte[] document = ConfigEnvelope.Seal(sample.Revision, sample.Body, sample.Key);

            // Opened from inside a larger receive buffer, as a device does.
            byte[] buffer = [.. document, 0xEE, 0xEE];
            ConfigEnvelopeResult result = ConfigEnvelope.Open(buffer, document.Length, sample.Key, sample.Revision - 1);
            return result.Ok
                && result.RejectText.Length == 0
                && result.Revision == sample.Revision
                && result.BodyLength == sample.Body.Length
                && result.CopyBody().AsSpan().SequenceEqual(sample.Body)
                && buffer.AsSpan(result.BodyOffset, result.BodyLength).SequenceEqual(sample.Body)
                && result.BodySha256Hex == Convert.ToHexStringLower(SHA256.HashData(sample.Body));
        });
    }

    [Fact]
    public void EveryBodyByteFlipped_IsACrcMismatch()
    {
        byte[] original = Sealed();
        int bodyOffset = LineFeed(original) + 1;
        var random = new Random(1);
        for (int i = bodyOffset; i < original.Length; i++)
        {
            byte[] document = (byte[])original.Clone();
            document[i] ^= (byte)random.Next(1, 256);
            ConfigEnvelopeResult result = Open(document);
            Assert.Equal(ConfigRejectReason.CrcMismatch, result.RejectReason);
            Assert.StartsWith("CRC mismatch: ", result.RejectText, StringComparison.Ordinal);

            // The report still names which document was refused.
            Assert.Equal(7, result.Revision);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(document.AsSpan(bodyOffset))), result.BodySha256Hex);
        }
    }

    [Fact]
    public void BodyChanged_WithItsCrcRecomputed_IsABadSignature()
    {
        byte[] original = Sealed();
        string[] fields = Fields(original);
        byte[] body = [.. NodeBody];
        body[^2] = (byte)'9';
        fields[3] = System.IO.Hashing.Crc32.HashToUInt32(body).ToString("x8", CultureInfo.InvariantCulture);
        byte[] header = Encoding.ASCII.GetBytes(string.Join(' ', fields) + "\n");

        ConfigEnvelopeResult result = Open([.. header, .. body]);

        Assert.Equal(ConfigRejectReason.BadSignature, result.RejectReason);
        Assert.StartsWith("bad signature: ", result.RejectText, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryHeaderByteFlipped_IsRejected_WithTheReasonItsFieldAllows()
    {
        byte[] original = Sealed(7);
        int lineFeed = LineFeed(original);
        string[] fields = Fields(original);
        int revisionAt = 7;
        int lengthAt = revisionAt + fields[1].Length + 1;
        int crcAt = lengthAt + fields[2].Length + 1;
        int macAt = crcAt + 9;

        for (int i = 0; i <= lineFeed; i++)
        {
            for (int mask = 1; mask < 256; mask++)
            {
                byte[] document = (byte[])original.Clone();
                document[i] ^= (byte)mask;
                int reason = Open(document).RejectReason;

                int[] allowed = i < revisionAt ? [ConfigRejectReason.BadMagic]
                    : i < lengthAt ? [ConfigRejectReason.MalformedHeader, ConfigRejectReason.BadSignature]
                    : i < crcAt ? [ConfigRejectReason.MalformedHeader, ConfigRejectReason.Truncated, ConfigRejectReason.LengthMismatch]
                    : i < macAt - 1 ? [ConfigRejectReason.MalformedHeader, ConfigRejectReason.CrcMismatch]

                    // The space before the HMAC turned into a line feed: an unsigned header, the HMAC digits now body.
                    : i == macAt - 1 ? [ConfigRejectReason.MalformedHeader, ConfigRejectReason.LengthMismatch]
                    : i < lineFeed ? [ConfigRejectReason.MalformedHeader, ConfigRejectReason.BadSignature]
                    : [ConfigRejectReason.MalformedHeader, ConfigRejectReason.Truncated];
                Assert.True(allowed.Contains(reason), "byte " + i + " ^ " + mask + " gave " + ConfigRejectReason.Name(reason));
            }
        }
    }

    [Fact]
    public void HexDigitSwapped_InTheSignature_IsABadSignature_AndInTheCrc_ACrcMismatch()
    {
        byte[] original = Sealed();
        string[] fields = Fields(original);
        for (int i = 0; i < 64; i++)
        {
            string[] changed = (string[])fields.Clone();
            changed[4] = fields[4][..i] + (fields[4][i] == 'a' ? 'b' : 'a') + fields[4][(i + 1)..];
            Assert.Equal(ConfigRejectReason.BadSignature, Open(WithHeader(original, changed)).RejectReason);
        }

        for (int i = 0; i < 8; i++)
        {
            string[] changed = (string[])fields.Clone();
            changed[3] = fields[3][..i] + (fields[3][i] == '0' ? '1' : '0') + fields[3][(i + 1)..];
            Assert.Equal(ConfigRejectReason.CrcMismatch, Open(WithHeader(original, changed)).RejectReason);
        }
    }

    [Fact]
    public void RevisionRaisedByAnAttacker_IsABadSignature()
    {
        byte[] original = Sealed(7);
        string[] fields = Fields(original);
        fields[1] = "8";
        Assert.Equal(ConfigRejectReason.BadSignature, Open(WithHeader(original, fields), runningRevision: 7).RejectReason);
    }

    [Fact]
    public void EveryTruncation_IsTruncated()
    {
        byte[] original = Sealed();
        for (int length = 0; length < original.Length; length++)
        {
            ConfigEnvelopeResult result = ConfigEnvelope.Open(original, length, DeviceKey);
            Assert.Equal(ConfigRejectReason.Truncated, result.RejectReason);
            Assert.StartsWith("truncated: ", result.RejectText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BytesAppendedAfterTheBody_AreALengthMismatch()
    {
        ConfigEnvelopeResult result = Open([.. Sealed(), (byte)'\n']);
        Assert.Equal(ConfigRejectReason.LengthMismatch, result.RejectReason);
        Assert.Contains("1 bytes follow the", result.RejectText, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongKey_IsABadSignature()
    {
        byte[] document = ConfigEnvelope.Seal(3, NodeBody, OtherKey);
        ConfigEnvelopeResult result = Open(document);
        Assert.False(result.Ok);
        Assert.Equal(ConfigRejectReason.BadSignature, result.RejectReason);
        Assert.Equal(3, result.Revision);
    }

    [Fact]
    public void Unsigned_IsAMissingSignature_ButAnUnsignedDamagedBody_IsACrcMismatchFirst()
    {
        byte[] original = Sealed();
        string[] fields = Fields(original);
        byte[] unsigned = WithHeader(original, fields[..4]);
        ConfigEnvelopeResult result = Open(unsigned);
        Assert.Equal(ConfigRejectReason.MissingSignature, result.RejectReason);
        Assert.StartsWith("missing signature: ", result.RejectText, StringComparison.Ordinal);

        unsigned[^1] ^= 1;
        Assert.Equal(ConfigRejectReason.CrcMismatch, Open(unsigned).RejectReason);
    }

    [Theory]
    [InlineData(7, 6, true)]
    [InlineData(7, 7, false)]
    [InlineData(7, 8, false)]
    [InlineData(1, 0, true)]
    public void RevisionMustBeAboveTheRunningOne(int revision, int running, bool ok)
    {
        ConfigEnvelopeResult result = Open(Sealed(revision), running);
        Assert.Equal(ok, result.Ok);
        if (!ok)
        {
            Assert.Equal(ConfigRejectReason.RevisionNotNewer, result.RejectReason);
            Assert.Equal("revision not newer: revision " + revision + " is not newer than the running revision " + running + "; seal the change with a higher revision", result.RejectText);

            // The body hash lets the device tell a redelivered retained config from a stale one.
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(NodeBody)), result.BodySha256Hex);
        }
    }

    [Theory]
    [InlineData("ESCFG2 7 10 00000000")]
    [InlineData("{\"revision\":7}")]
    [InlineData("escfg1 7 10 00000000")]
    [InlineData("ESCFG1\t7 10 00000000")]
    public void OtherFormats_AreBadMagic(string text)
    {
        ConfigEnvelopeResult result = Open(Encoding.ASCII.GetBytes(text + "\nbody"));
        Assert.Equal(ConfigRejectReason.BadMagic, result.RejectReason);
        Assert.Equal(0, result.Revision);
        Assert.Equal("", result.BodySha256Hex);
        Assert.Throws<InvalidOperationException>(() => result.CopyBody());
    }

    [Theory]
    [InlineData("07", "*", "*", "*")]
    [InlineData("0", "*", "*", "*")]
    [InlineData("2147483648", "*", "*", "*")]
    [InlineData("-7", "*", "*", "*")]
    [InlineData("*", "0*", "*", "*")]
    [InlineData("*", "+*", "*", "*")]
    [InlineData("*", "*", "UPPER", "*")]
    [InlineData("*", "*", "1234567", "*")]
    [InlineData("*", "*", "*", "UPPER")]
    [InlineData("*", "*", "*", "short")]
    [InlineData("*", "*", "*", "*0")]
    public void MalformedFields_AreAMalformedHeader(string revision, string length, string crc, string mac)
    {
        byte[] original = Sealed(7);
        string[] fields = Fields(original);
        string[] changed = ["ESCFG1", Field(revision, fields[1]), Field(length, fields[2]), Field(crc, fields[3]), Field(mac, fields[4])];
        ConfigEnvelopeResult result = Open(WithHeader(original, changed));
        Assert.Equal(ConfigRejectReason.MalformedHeader, result.RejectReason);
        Assert.StartsWith("malformed header: ", result.RejectText, StringComparison.Ordinal);
    }

    [Fact]
    public void DoubledSpace_IsAMalformedHeader()
    {
        byte[] original = Sealed(7);
        string[] fields = Fields(original);
        byte[] document = WithHeader(original, fields[0], fields[1], "", fields[2], fields[3], fields[4]);
        Assert.Equal(ConfigRejectReason.MalformedHeader, Open(document).RejectReason);
    }

    [Fact]
    public void NoLineFeedWithinTheLongestHeader_IsAMalformedHeader()
    {
        byte[] document = Encoding.ASCII.GetBytes("ESCFG1 " + new string('1', 200));
        Assert.Equal(ConfigRejectReason.MalformedHeader, Open(document).RejectReason);
    }

    [Fact]
    public void LongestPossibleHeader_Opens()
    {
        byte[] document = ConfigEnvelope.Seal(int.MaxValue, NodeBody, DeviceKey);
        Assert.True(Open(document).Ok);

        // Ten-digit length as well: declared, and the body missing, so the header itself was read.
        string[] fields = Fields(document);
        ConfigEnvelopeResult result = Open(WithHeader(document, fields[0], fields[1], "1000000000", fields[3], fields[4]));
        Assert.Equal(ConfigRejectReason.Truncated, result.RejectReason);
        Assert.Equal(1_000_000_000, result.BodyLength);
    }

    [Fact]
    public void EmptyBody_RoundTrips()
    {
        ConfigEnvelopeResult result = Open(ConfigEnvelope.Seal(1, [], DeviceKey));
        Assert.True(result.Ok);
        Assert.Empty(result.CopyBody());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(65)]
    public void KeyOutside16To64Bytes_IsRefusedWhenSealingAndOpening(int keyLength)
    {
        var key = new byte[keyLength];
        var seal = Assert.Throws<ArgumentException>(() => ConfigEnvelope.Seal(1, NodeBody, key));
        Assert.Contains("config key is " + keyLength + " bytes", seal.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfigEnvelope.Open(Sealed(), 10, key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RevisionBelowOne_CannotBeSealed(int revision)
    {
        var error = Assert.Throws<ArgumentException>(() => ConfigEnvelope.Seal(revision, NodeBody, DeviceKey));
        Assert.Contains("revisions start at 1", error.Message, StringComparison.Ordinal);
    }

    private static string Field(string spec, string original) => spec.Replace("*", original, StringComparison.Ordinal) switch
    {
        "UPPER" => original.ToUpperInvariant() == original ? "ABCDEF12" : original.ToUpperInvariant(),
        var value => value,
    };
}
