using EdgeSensors.Config.Envelope;
using FsCheck.Xunit;
using static EdgeSensors.Portable.Tests.Config.EnvelopeSamples;

namespace EdgeSensors.Portable.Tests.Config;

/// <summary>Open never throws and opens nothing but the sealed original, whatever bytes arrive.</summary>
public class ConfigEnvelopeFuzzTests
{
    private const int Iterations = 50_000;

    [Property(MaxTest = 3000)]
    public bool RandomBytes_NeverOpen(byte[] data)
    {
        ConfigEnvelopeResult result = ConfigEnvelope.Open(data, data.Length, DeviceKey);
        return !result.Ok && result.RejectReason > 0 && result.RejectText.StartsWith(ConfigRejectReason.Name(result.RejectReason) + ": ", StringComparison.Ordinal);
    }

    [Fact]
    public void MutatedDocuments_NeverThrow_AndOnlyTheOriginalOpens()
    {
        var random = new Random(4231);
        byte[] original = Sealed(12);
        var reasons = new int[9];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] document = Mutate(original, random);
            ConfigEnvelopeResult result = Open(document);
            reasons[result.RejectReason]++;
            if (result.Ok)
            {
                Assert.Equal(original, document);
            }
            else
            {
                Assert.StartsWith(ConfigRejectReason.Name(result.RejectReason) + ": ", result.RejectText, StringComparison.Ordinal);
            }
        }

        // The mutations reach every structural reason (revision-not-newer and missing-signature need a valid MAC
        // or a removed field, which the targeted tests cover).
        int[] expected = [ConfigRejectReason.BadMagic, ConfigRejectReason.Truncated, ConfigRejectReason.MalformedHeader, ConfigRejectReason.LengthMismatch, ConfigRejectReason.CrcMismatch, ConfigRejectReason.BadSignature];
        foreach (int reason in expected)
        {
            Assert.True(reasons[reason] > 0, ConfigRejectReason.Name(reason) + " never produced");
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(bytes.Count + 1);
            bool inHeader = random.Next(2) == 0;
            if (inHeader)
            {
                at = random.Next(Math.Min(bytes.Count, ConfigEnvelope.MaxHeaderLength) + 1);
            }

            switch (random.Next(5))
            {
                case 0 when at < bytes.Count:
                    bytes[at] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.Insert(at, (byte)"0123456789abcdef \n"[random.Next(18)]);
                    break;
            }
        }

        return [.. bytes];
    }
}
