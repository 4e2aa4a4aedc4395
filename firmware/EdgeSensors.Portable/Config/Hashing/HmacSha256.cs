using System;

namespace EdgeSensors.Config.Hashing;

/// <summary>
/// HMAC-SHA256 (RFC 2104 with SHA-256): H((K ^ opad) || H((K ^ ipad) || message)). A key of up to 64 bytes is used as
/// is (the per-device config key is 32 bytes); a longer one is first hashed, as RFC 2104 says. Incremental like
/// <see cref="Sha256"/>; allocates nothing after construction.
/// </summary>
public sealed class HmacSha256
{
    /// <summary>The MAC size in bytes.</summary>
    public const int MacLength = Sha256.HashLength;

    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5c;

    private readonly Sha256 _hash = new Sha256();
    private readonly byte[] _innerKey = new byte[Sha256.BlockLength];
    private readonly byte[] _outerKey = new byte[Sha256.BlockLength];
    private readonly byte[] _innerDigest = new byte[Sha256.HashLength];

    /// <summary>A MAC keyed with <paramref name="key"/>, ready for <see cref="Update(byte[], int, int)"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null.</exception>
    public HmacSha256(byte[] key)
    {
        SetKey(key);
    }

    /// <summary>HMAC-SHA256 of data[offset..offset+count) under <paramref name="key"/>, in a new 32-byte array.</summary>
    public static byte[] Compute(byte[] key, byte[] data, int offset, int count)
    {
        var mac = new HmacSha256(key);
        mac.Update(data, offset, count);
        var output = new byte[MacLength];
        mac.Final(output, 0);
        return output;
    }

    /// <summary>
    /// Compares a[aOffset..+count) with b[bOffset..+count) in time that depends only on count, so a forger learns
    /// nothing from how long a rejection took.
    /// </summary>
    public static bool FixedTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
    {
        int difference = 0;
        for (int i = 0; i < count; i++)
        {
            difference |= a[aOffset + i] ^ b[bOffset + i];
        }

        return difference == 0;
    }

    /// <summary>Replaces the key and starts a new message.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null.</exception>
    public void SetKey(byte[] key)
    {
        if (key == null)
        {
            throw new ArgumentException("HMAC-SHA256 key is missing", "key");
        }

        // RFC 2104, section 2: K is zero-padded to the block size; a key longer than a block is hashed first.
        int keyLength = key.Length;
        byte[] keyBytes = key;
        if (keyLength > Sha256.BlockLength)
        {
            _hash.Reset();
            _hash.Update(key, 0, key.Length);
            _hash.Final(_innerDigest, 0);
            keyBytes = _innerDigest;
            keyLength = Sha256.HashLength;
        }

        for (int i = 0; i < Sha256.BlockLength; i++)
        {
            byte k = i < keyLength ? keyBytes[i] : (byte)0;
            _innerKey[i] = (byte)(k ^ InnerPad);
            _outerKey[i] = (byte)(k ^ OuterPad);
        }

        Reset();
    }

    /// <summary>Forgets the message so far; the key stays.</summary>
    public void Reset()
    {
        _hash.Reset();
        _hash.Update(_innerKey, 0, Sha256.BlockLength);
    }

    /// <summary>Adds data[offset..offset+count) to the message.</summary>
    public void Update(byte[] data, int offset, int count)
    {
        _hash.Update(data, offset, count);
    }

    /// <summary>Adds one byte to the message.</summary>
    public void Update(byte value)
    {
        _hash.Update(value);
    }

    /// <summary>Writes the 32-byte MAC to output[offset..offset+32) and starts a new message under the same key.</summary>
    public void Final(byte[] output, int offset)
    {
        if (output == null || offset < 0 || offset > output.Length - MacLength)
        {
            throw new ArgumentException("HMAC-SHA256 output needs 32 bytes at offset " + offset, "output");
        }

        _hash.Final(_innerDigest, 0);
        _hash.Update(_outerKey, 0, Sha256.BlockLength);
        _hash.Update(_innerDigest, 0, Sha256.HashLength);
        _hash.Final(output, offset);
        Reset();
    }
}
