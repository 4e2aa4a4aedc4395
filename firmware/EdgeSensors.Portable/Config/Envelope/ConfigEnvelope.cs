using System;
using EdgeSensors.Config.Hashing;

namespace EdgeSensors.Config.Envelope;

/// <summary>
/// The signed config document delivered on {prefix}/{deviceId}/config (docs/config-delivery.md):
/// <code>
/// ESCFG1 &lt;revision&gt; &lt;body length&gt; &lt;crc32&gt; &lt;hmac&gt;\n&lt;body bytes&gt;
/// </code>
/// one ASCII header line (single spaces, LF), then the body. The HMAC-SHA256 (64 lowercase hex digits, per-device
/// key) covers the header without its " &lt;hmac&gt;" field, LF included, followed by the body; so every header field
/// and every body byte is signed. The body is opaque here: YAML for a gateway, a compact node document for a node.
/// Opening allocates a result and its hex text; that happens once per config delivery, not per reading.
/// </summary>
public static class ConfigEnvelope
{
    /// <summary>The header's first field: the format and its version.</summary>
    public const string Magic = "ESCFG1";

    /// <summary>Shortest key accepted (128 bits), so an empty or truncated key cannot sign anything.</summary>
    public const int MinKeyLength = 16;

    /// <summary>Longest key accepted: one SHA-256 block. The per-device config key is 32 bytes.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest header line, LF included: magic, two 10-digit numbers, 8 + 64 hex digits, 4 spaces.</summary>
    public const int MaxHeaderLength = 6 + 1 + 10 + 1 + 10 + 1 + 8 + 1 + 64 + 1;

    private const int CrcDigits = 8;
    private const int MacDigits = HmacSha256.MacLength * 2;
    private const string HexDigits = "0123456789abcdef";

    /// <summary>Seals <paramref name="body"/> as revision <paramref name="revision"/> under the device's key.</summary>
    /// <exception cref="ArgumentException">The revision is below 1, the body is null, or the key is not 16-64 bytes.</exception>
    public static byte[] Seal(int revision, byte[] body, byte[] key)
    {
        if (revision < 1)
        {
            throw new ArgumentException("config revision " + revision + " is invalid: revisions start at 1 and only grow", "revision");
        }

        if (body == null)
        {
            throw new ArgumentException("config body is missing", "body");
        }

        CheckKey(key);
        string signedHeader = Magic + " " + revision.ToString() + " " + body.Length.ToString() + " " + Hex32(Crc32.Compute(body, 0, body.Length));
        int signatureStart = signedHeader.Length + 1;
        int bodyOffset = signatureStart + MacDigits + 1;
        var document = new byte[bodyOffset + body.Length];
        for (int i = 0; i < signedHeader.Length; i++)
        {
            document[i] = (byte)signedHeader[i];
        }

        document[signedHeader.Length] = (byte)' ';
        Array.Copy(body, 0, document, bodyOffset, body.Length);

        var mac = new HmacSha256(key);
        var digest = new byte[HmacSha256.MacLength];
        Sign(mac, document, signedHeader.Length, bodyOffset, body.Length, digest);
        for (int i = 0; i < digest.Length; i++)
        {
            document[signatureStart + (i * 2)] = (byte)HexDigits[digest[i] >> 4];
            document[signatureStart + (i * 2) + 1] = (byte)HexDigits[digest[i] & 0xF];
        }

        document[bodyOffset - 1] = (byte)'\n';
        return document;
    }

    /// <summary>Opens a document with no revision running yet: any revision from 1 up is new.</summary>
    /// <inheritdoc cref="Open(byte[], int, byte[], int)"/>
    public static ConfigEnvelopeResult Open(byte[] document, int length, byte[] key)
    {
        return Open(document, length, key, 0);
    }

    /// <summary>
    /// Checks document[0..length) in this order: magic, header syntax, body length, CRC-32, signature present,
    /// HMAC-SHA256, revision above <paramref name="runningRevision"/>. Never throws for any document content; the
    /// first failed check is the <see cref="ConfigEnvelopeResult.RejectReason"/>. A retained config is delivered
    /// again on every reconnect: a <see cref="ConfigRejectReason.RevisionNotNewer"/> whose body hash equals the
    /// running one's is that redelivery, not an attack.
    /// </summary>
    /// <exception cref="ArgumentException">The document is null, length is outside it, or the key is not 16-64 bytes.</exception>
    public static ConfigEnvelopeResult Open(byte[] document, int length, byte[] key, int runningRevision)
    {
        if (document == null || length < 0 || length > document.Length)
        {
            throw new ArgumentException("config document length " + length + " is outside the buffer", "length");
        }

        CheckKey(key);
        var result = new ConfigEnvelopeResult(document);
        int headerLength = ReadHeader(document, length, result, out uint declaredCrc, out int signatureStart);
        if (headerLength < 0)
        {
            return result;
        }

        int bodyLength = result.BodyLength;
        int available = length - headerLength;
        if (available < bodyLength)
        {
            return Reject(result, ConfigRejectReason.Truncated, "the header declares " + bodyLength + " body bytes but only " + available + " arrived; the transfer was cut, resend the whole document");
        }

        if (available > bodyLength)
        {
            return Reject(result, ConfigRejectReason.LengthMismatch, (available - bodyLength) + " bytes follow the " + bodyLength + "-byte body the header declares; seal the document again instead of appending to it");
        }

        result.BodyOffset = headerLength;
        var digest = new byte[Sha256.HashLength];
        var hasher = new Sha256();
        hasher.Update(document, headerLength, bodyLength);
        hasher.Final(digest, 0);
        result.BodySha256Hex = ToHex(digest, 0, digest.Length);

        uint actualCrc = Crc32.Compute(document, headerLength, bodyLength);
        if (actualCrc != declaredCrc)
        {
            return Reject(result, ConfigRejectReason.CrcMismatch, "the body's CRC-32 is " + Hex32(actualCrc) + " but the header says " + Hex32(declaredCrc) + "; the body was damaged on the way, resend it");
        }

        if (signatureStart < 0)
        {
            return Reject(result, ConfigRejectReason.MissingSignature, "the header has no HMAC-SHA256 field; an unsigned config is never applied, seal it with this device's config key");
        }

        var mac = new HmacSha256(key);
        int signedHeaderEnd = signatureStart - 1;
        Sign(mac, document, signedHeaderEnd, headerLength, bodyLength, digest);
        var claimed = new byte[HmacSha256.MacLength];
        for (int i = 0; i < claimed.Length; i++)
        {
            claimed[i] = (byte)((HexValue(document[signatureStart + (i * 2)]) << 4) | HexValue(document[signatureStart + (i * 2) + 1]));
        }

        if (!HmacSha256.FixedTimeEquals(digest, 0, claimed, 0, HmacSha256.MacLength))
        {
            return Reject(result, ConfigRejectReason.BadSignature, "the HMAC-SHA256 does not match this device's config key; the document was sealed for another device or with an old key, or changed after sealing");
        }

        if (result.Revision <= runningRevision)
        {
            return Reject(result, ConfigRejectReason.RevisionNotNewer, "revision " + result.Revision + " is not newer than the running revision " + runningRevision + "; seal the change with a higher revision");
        }

        return result;
    }

    // HMAC over header[0..signedHeaderEnd) + LF + body: the header line as it would be without the signature field.
    private static void Sign(HmacSha256 mac, byte[] document, int signedHeaderEnd, int bodyOffset, int bodyLength, byte[] output)
    {
        mac.Reset();
        mac.Update(document, 0, signedHeaderEnd);
        mac.Update((byte)'\n');
        mac.Update(document, bodyOffset, bodyLength);
        mac.Final(output, 0);
    }

    // Returns the header length (LF included), or -1 after rejecting. signatureStart is -1 for an unsigned header.
    private static int ReadHeader(byte[] document, int length, ConfigEnvelopeResult result, out uint crc, out int signatureStart)
    {
        crc = 0;
        signatureStart = -1;
        int magicEnd = Magic.Length + 1;
        for (int i = 0; i < magicEnd && i < length; i++)
        {
            char expected = i < Magic.Length ? Magic[i] : ' ';
            if (document[i] != expected)
            {
                Reject(result, ConfigRejectReason.BadMagic, "the document does not start with '" + Magic + " '; it is not a sealed EdgeSensors config (or a newer format this firmware does not read)");
                return -1;
            }
        }

        int lineFeed = -1;
        int searchEnd = length < MaxHeaderLength ? length : MaxHeaderLength;
        for (int i = magicEnd; i < searchEnd; i++)
        {
            if (document[i] == '\n')
            {
                lineFeed = i;
                break;
            }
        }

        if (lineFeed < 0)
        {
            if (length < MaxHeaderLength)
            {
                Reject(result, ConfigRejectReason.Truncated, "the document ends after " + length + " bytes, inside its header line; resend the whole document");
            }
            else
            {
                Reject(result, ConfigRejectReason.MalformedHeader, "no line feed in the first " + MaxHeaderLength + " bytes; the header line is 'ESCFG1 revision length crc32 hmac'");
            }

            return -1;
        }

        int position = magicEnd;
        int revision = ReadDecimal(document, ref position, lineFeed);
        if (revision < 1 || document[position] != ' ')
        {
            Reject(result, ConfigRejectReason.MalformedHeader, "the revision field is not a decimal number from 1 to 2147483647 without leading zeros, followed by one space");
            return -1;
        }

        position++;
        int bodyLength = ReadDecimal(document, ref position, lineFeed);
        if (bodyLength < 0 || document[position] != ' ')
        {
            Reject(result, ConfigRejectReason.MalformedHeader, "the body length field is not a decimal byte count without leading zeros, followed by one space");
            return -1;
        }

        position++;
        if (lineFeed - position < CrcDigits || !IsHex(document, position, CrcDigits))
        {
            Reject(result, ConfigRejectReason.MalformedHeader, "the CRC-32 field is not 8 lowercase hex digits");
            return -1;
        }

        for (int i = 0; i < CrcDigits; i++)
        {
            crc = (crc << 4) | (uint)HexValue(document[position + i]);
        }

        position += CrcDigits;
        if (position != lineFeed)
        {
            if (document[position] != ' ' || lineFeed - position - 1 != MacDigits || !IsHex(document, position + 1, MacDigits))
            {
                Reject(result, ConfigRejectReason.MalformedHeader, "the signature field is not one space and 64 lowercase hex digits (HMAC-SHA256) before the line feed");
                return -1;
            }

            signatureStart = position + 1;
        }

        result.Revision = revision;
        result.BodyLength = bodyLength;
        return lineFeed + 1;
    }

    // A decimal without sign or leading zero ("0" itself is allowed), at most int.MaxValue; -1 when it is not one.
    private static int ReadDecimal(byte[] document, ref int position, int end)
    {
        int start = position;
        long value = 0;
        while (position < end && document[position] >= '0' && document[position] <= '9')
        {
            value = (value * 10) + (document[position] - '0');
            position++;
            if (value > int.MaxValue)
            {
                return -1;
            }
        }

        int digits = position - start;
        if (digits == 0 || (digits > 1 && document[start] == '0'))
        {
            return -1;
        }

        return (int)value;
    }

    private static bool IsHex(byte[] document, int offset, int count)
    {
        for (int i = offset; i < offset + count; i++)
        {
            if (HexValue(document[i]) < 0)
            {
                return false;
            }
        }

        return true;
    }

    // Lowercase only: one spelling per document, so a signature cannot be varied without breaking it.
    private static int HexValue(byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        return -1;
    }

    private static ConfigEnvelopeResult Reject(ConfigEnvelopeResult result, int reason, string detail)
    {
        result.RejectReason = reason;
        result.RejectText = ConfigRejectReason.Name(reason) + ": " + detail;
        return result;
    }

    private static void CheckKey(byte[] key)
    {
        if (key == null || key.Length < MinKeyLength || key.Length > MaxKeyLength)
        {
            int length = key == null ? 0 : key.Length;
            throw new ArgumentException("config key is " + length + " bytes; it must be 16-64 bytes (the per-device config key is 32)", "key");
        }
    }

    /// <summary>Lowercase hex of data[offset..offset+count).</summary>
    internal static string ToHex(byte[] data, int offset, int count)
    {
        var chars = new char[count * 2];
        for (int i = 0; i < count; i++)
        {
            chars[i * 2] = HexDigits[data[offset + i] >> 4];
            chars[(i * 2) + 1] = HexDigits[data[offset + i] & 0xF];
        }

        return new string(chars);
    }

    private static string Hex32(uint value)
    {
        var chars = new char[CrcDigits];
        for (int i = 0; i < CrcDigits; i++)
        {
            chars[i] = HexDigits[(int)((value >> (28 - (i * 4))) & 0xF)];
        }

        return new string(chars);
    }
}
