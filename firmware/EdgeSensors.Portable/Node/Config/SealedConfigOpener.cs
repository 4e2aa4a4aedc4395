using EdgeSensors.Config.Envelope;

namespace EdgeSensors.Node.Config;

/// <summary>
/// The core's config seam over the shared signed envelope (firmware/EdgeSensors.Portable/Config): CRC-32, HMAC-SHA256
/// with this node's 32-byte config key. The revision rule (newer than the running one, redelivery ignored) is the core's.
/// </summary>
public sealed class SealedConfigOpener : IConfigEnvelopeOpener
{
    private readonly byte[] _key;

    /// <param name="key">The per-device config key (32 bytes), from the device settings.</param>
    public SealedConfigOpener(byte[] key)
    {
        _key = key;
    }

    public bool TryOpen(byte[] message, int length, out int revision, out int bodyOffset, out int bodyLength, out string bodySha256Hex, out string reason)
    {
        ConfigEnvelopeResult result = ConfigEnvelope.Open(message, length, _key);
        revision = result.Revision;
        bodyOffset = result.BodyOffset;
        bodyLength = result.BodyLength;
        bodySha256Hex = result.BodySha256Hex;
        reason = result.RejectText;
        return result.Ok;
    }
}
