using System.Text;
using EdgeSensors.Config.Envelope;

namespace EdgeSensors.Portable.Tests.Config;

/// <summary>Keys, bodies and hand-built variants of sealed documents for the envelope tests.</summary>
internal static class EnvelopeSamples
{
    public static readonly byte[] DeviceKey = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 ^ i)).ToArray();
    public static readonly byte[] OtherKey = Enumerable.Range(0, 32).Select(i => (byte)(0x50 + i)).ToArray();
    public static readonly byte[] NodeBody = Encoding.UTF8.GetBytes("node: node-esp32-07\npoll_ms: 1000\nh2s: pt495@1 alarm 10/20 ppm\n");

    public static byte[] Sealed(int revision = 7) => ConfigEnvelope.Seal(revision, NodeBody, DeviceKey);

    /// <summary>Index of the header's line feed.</summary>
    public static int LineFeed(byte[] document) => Array.IndexOf(document, (byte)'\n');

    /// <summary>The header's fields as text: magic, revision, length, crc, hmac.</summary>
    public static string[] Fields(byte[] document) => Encoding.ASCII.GetString(document, 0, LineFeed(document)).Split(' ');

    /// <summary>The document with its header replaced by these fields joined by spaces (the body kept).</summary>
    public static byte[] WithHeader(byte[] document, params string[] fields)
    {
        byte[] header = Encoding.ASCII.GetBytes(string.Join(' ', fields) + "\n");
        return [.. header, .. document.AsSpan(LineFeed(document) + 1)];
    }

    public static ConfigEnvelopeResult Open(byte[] document, int runningRevision = 0) =>
        ConfigEnvelope.Open(document, document.Length, DeviceKey, runningRevision);
}
