using System.IO.Hashing;
using System.Text;

namespace EdgeSensors.Gateway.Storage;

/// <summary>
/// Turns UTF-8 bytes into strings, handing back the same string for the same bytes while it stays cached. For every
/// reading sent, the queue decodes its source and the forwarder its tag and unit; a gateway has a few thousand
/// distinct ones at most, so without this every forwarded reading allocated three strings. Direct-mapped (a slot per
/// hash, the newest wins), so a flood of distinct texts costs decoding, never memory. Not thread-safe: one per reader.
/// </summary>
public sealed class Utf8StringCache
{
    private readonly byte[][] _bytes;
    private readonly string[] _texts;
    private readonly int _mask;

    /// <param name="slots">Slots, rounded up to a power of two: a few times the distinct texts expected.</param>
    public Utf8StringCache(int slots = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots);
        _bytes = new byte[size][];
        _texts = new string[size];
        _mask = size - 1;
    }

    /// <summary>Decoded texts that were not in the cache (for tests and diagnostics).</summary>
    public long Misses { get; private set; }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        int slot = (int)XxHash3.HashToUInt64(utf8) & _mask;
        byte[]? cached = _bytes[slot];
        if (cached is not null && utf8.SequenceEqual(cached))
        {
            return _texts[slot];
        }

        Misses++;
        string text = Encoding.UTF8.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _texts[slot] = text;
        return text;
    }
}
