namespace EdgeSensors.Node.Config;

/// <summary>
/// Checks a sealed config message (the signed envelope of firmware/EdgeSensors.Portable/Config: CRC, HMAC-SHA256 with
/// the node's key, revision) and finds the config document inside. The node core depends on this seam only, so the
/// envelope format lives in one place.
/// </summary>
public interface IConfigEnvelopeOpener
{
    /// <summary>
    /// True when <paramref name="message"/>[0 .. length) is a whole envelope signed with this node's key; then the body
    /// is message[bodyOffset .. bodyOffset + bodyLength). Otherwise <paramref name="reason"/> says why it was refused.
    /// </summary>
    bool TryOpen(byte[] message, int length, out int revision, out int bodyOffset, out int bodyLength, out string bodySha256Hex, out string reason);
}
