using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

public sealed class Utf8StringCacheTests
{
    [Fact]
    public void The_same_bytes_give_the_same_string_instance_and_decode_once()
    {
        var cache = new Utf8StringCache(64);
        string first = cache.Get("tank-01/level"u8);
        string second = cache.Get(Encoding.UTF8.GetBytes("tank-01/level"));

        Assert.Equal("tank-01/level", first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void Colliding_texts_in_a_tiny_cache_still_decode_to_their_own_text()
    {
        // One slot: every text collides, and each must still come back exactly (UTF-8 beyond ASCII included).
        var cache = new Utf8StringCache(1);
        string[] texts = ["%LEL", "ppm", "m³", "kPa", "°C", "%LEL", "H₂S/ppm", ""];
        foreach (string text in texts)
        {
            Assert.Equal(text, cache.Get(Encoding.UTF8.GetBytes(text)));
        }

        Assert.Equal(texts.Length - 1, cache.Misses); // the empty text is never cached or counted
    }

    [Fact]
    public void A_reading_record_decoded_through_the_cache_equals_the_uncached_decode_and_reuses_its_strings()
    {
        byte[] record = EntryCodec.Reading("pt495-1/gas", 12.5, "%LEL", SignalQuality.Good);
        var cache = new Utf8StringCache();

        Assert.True(EntryCodec.TryReadReading(record, out string tag, out double value, out string unit, out SignalQuality quality, cache));
        Assert.True(EntryCodec.TryReadReading(record, out string tagAgain, out _, out string unitAgain, out _, cache));
        EntryCodec.ReadReading(record, out string plainTag, out double plainValue, out string plainUnit, out SignalQuality plainQuality);

        Assert.Equal((plainTag, plainValue, plainUnit, plainQuality), (tag, value, unit, quality));
        Assert.Same(tag, tagAgain);
        Assert.Same(unit, unitAgain);
        Assert.False(EntryCodec.TryReadReading(record[..^2], out _, out _, out _, out _, cache));
    }
}
