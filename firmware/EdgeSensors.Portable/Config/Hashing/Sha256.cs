using System;

namespace EdgeSensors.Config.Hashing;

/// <summary>
/// SHA-256 (FIPS 180-4, section 6.2), written here because nanoFramework's mscorlib has no
/// System.Security.Cryptography. Incremental: <see cref="Reset"/>, any number of <see cref="Update(byte[], int, int)"/> calls, then
/// <see cref="Final"/>, which also resets. Allocates nothing after construction.
/// </summary>
public sealed class Sha256
{
    /// <summary>The digest size in bytes (256 bits).</summary>
    public const int HashLength = 32;

    /// <summary>The block size in bytes (512 bits); HMAC pads its key to this.</summary>
    public const int BlockLength = 64;

    // FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static readonly uint[] K =
    {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private readonly uint[] _state = new uint[8];
    private readonly uint[] _schedule = new uint[64];
    private readonly byte[] _block = new byte[BlockLength];
    private int _blockFill;
    private long _totalBytes;

    /// <summary>A hasher ready for <see cref="Update(byte[], int, int)"/>.</summary>
    public Sha256()
    {
        Reset();
    }

    /// <summary>SHA-256 of data[offset..offset+count) in a new 32-byte array.</summary>
    public static byte[] Hash(byte[] data, int offset, int count)
    {
        var hasher = new Sha256();
        hasher.Update(data, offset, count);
        var digest = new byte[HashLength];
        hasher.Final(digest, 0);
        return digest;
    }

    /// <summary>Forgets everything hashed so far (FIPS 180-4, 5.3.3 initial hash value).</summary>
    public void Reset()
    {
        _state[0] = 0x6a09e667;
        _state[1] = 0xbb67ae85;
        _state[2] = 0x3c6ef372;
        _state[3] = 0xa54ff53a;
        _state[4] = 0x510e527f;
        _state[5] = 0x9b05688c;
        _state[6] = 0x1f83d9ab;
        _state[7] = 0x5be0cd19;
        _blockFill = 0;
        _totalBytes = 0;
    }

    /// <summary>Hashes data[offset..offset+count).</summary>
    /// <exception cref="ArgumentException">The range lies outside <paramref name="data"/>.</exception>
    public void Update(byte[] data, int offset, int count)
    {
        if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentException("SHA-256 input range [" + offset + ", +" + count + ") is outside the buffer", "count");
        }

        _totalBytes += count;
        int end = offset + count;
        while (offset < end)
        {
            if (_blockFill == 0 && end - offset >= BlockLength)
            {
                Compress(data, offset);
                offset += BlockLength;
                continue;
            }

            _block[_blockFill++] = data[offset++];
            if (_blockFill == BlockLength)
            {
                Compress(_block, 0);
                _blockFill = 0;
            }
        }
    }

    /// <summary>Hashes one byte.</summary>
    public void Update(byte value)
    {
        _totalBytes++;
        _block[_blockFill++] = value;
        if (_blockFill == BlockLength)
        {
            Compress(_block, 0);
            _blockFill = 0;
        }
    }

    /// <summary>Writes the 32-byte digest to output[offset..offset+32) and resets for the next message.</summary>
    /// <exception cref="ArgumentException">Fewer than 32 bytes fit at <paramref name="offset"/>.</exception>
    public void Final(byte[] output, int offset)
    {
        if (output == null || offset < 0 || offset > output.Length - HashLength)
        {
            throw new ArgumentException("SHA-256 digest needs 32 bytes at offset " + offset, "output");
        }

        // FIPS 180-4, 5.1.1: a 1 bit, zeros up to 56 bytes mod 64, then the message length in bits, big-endian.
        long bitLength = _totalBytes << 3;
        _block[_blockFill++] = 0x80;
        if (_blockFill > BlockLength - 8)
        {
            while (_blockFill < BlockLength)
            {
                _block[_blockFill++] = 0;
            }

            Compress(_block, 0);
            _blockFill = 0;
        }

        while (_blockFill < BlockLength - 8)
        {
            _block[_blockFill++] = 0;
        }

        for (int i = 7; i >= 0; i--)
        {
            _block[_blockFill++] = (byte)(bitLength >> (i * 8));
        }

        Compress(_block, 0);
        for (int i = 0; i < 8; i++)
        {
            uint word = _state[i];
            output[offset + (i * 4)] = (byte)(word >> 24);
            output[offset + (i * 4) + 1] = (byte)(word >> 16);
            output[offset + (i * 4) + 2] = (byte)(word >> 8);
            output[offset + (i * 4) + 3] = (byte)word;
        }

        Reset();
    }

    private static uint RotateRight(uint x, int n)
    {
        return (x >> n) | (x << (32 - n));
    }

    // FIPS 180-4, 6.2.2: one 512-bit block.
    private void Compress(byte[] block, int offset)
    {
        uint[] w = _schedule;
        for (int t = 0; t < 16; t++)
        {
            int i = offset + (t * 4);
            w[t] = ((uint)block[i] << 24) | ((uint)block[i + 1] << 16) | ((uint)block[i + 2] << 8) | block[i + 3];
        }

        for (int t = 16; t < 64; t++)
        {
            uint x = w[t - 15];
            uint y = w[t - 2];
            uint sigma0 = RotateRight(x, 7) ^ RotateRight(x, 18) ^ (x >> 3);
            uint sigma1 = RotateRight(y, 17) ^ RotateRight(y, 19) ^ (y >> 10);
            w[t] = sigma1 + w[t - 7] + sigma0 + w[t - 16];
        }

        uint a = _state[0];
        uint b = _state[1];
        uint c = _state[2];
        uint d = _state[3];
        uint e = _state[4];
        uint f = _state[5];
        uint g = _state[6];
        uint h = _state[7];
        for (int t = 0; t < 64; t++)
        {
            uint bigSigma1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
            uint choose = (e & f) ^ (~e & g);
            uint t1 = h + bigSigma1 + choose + K[t] + w[t];
            uint bigSigma0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
            uint majority = (a & b) ^ (a & c) ^ (b & c);
            uint t2 = bigSigma0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        _state[0] += a;
        _state[1] += b;
        _state[2] += c;
        _state[3] += d;
        _state[4] += e;
        _state[5] += f;
        _state[6] += g;
        _state[7] += h;
    }
}
