using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Runtime;

namespace EdgeSensors.Gateway.Tests.Runtime;

/// <summary>The queued reading record: the same bytes BinaryWriter wrote before (records already on disk stay readable).</summary>
public sealed class EntryCodecTests
{
    [Theory]
    [InlineData("t101-lel/concentration", 12.5, "%LEL", SignalQuality.Good)]
    [InlineData("泵房/压力", -0.0, "MPa", SignalQuality.SensorFault)]
    [InlineData("", double.NaN, "", SignalQuality.Stale)]
    public void A_reading_record_is_the_BinaryWriter_layout_and_reads_back(string tag, double value, string unit, SignalQuality quality)
    {
        string longTag = tag + new string('x', 200); // a length prefix of two bytes
        foreach (string t in new[] { tag, longTag })
        {
            byte[] record = EntryCodec.Reading(t, value, unit, quality);

            using var expected = new MemoryStream();
            using (var writer = new BinaryWriter(expected))
            {
                writer.Write((byte)1);
                writer.Write(t);
                writer.Write(value);
                writer.Write(unit);
                writer.Write((byte)quality);
            }

            Assert.Equal(expected.ToArray(), record);
            EntryCodec.ReadReading(record, out string readTag, out double readValue, out string readUnit, out SignalQuality readQuality);
            Assert.Equal(t, readTag);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(readValue));
            Assert.Equal(unit, readUnit);
            Assert.Equal(quality, readQuality);
        }
    }

    [Fact]
    public void A_truncated_or_unknown_record_is_refused_not_misread()
    {
        byte[] record = EntryCodec.Reading("tank/level", 3.25, "m", SignalQuality.Good);
        for (int length = 0; length < record.Length; length++)
        {
            Assert.False(EntryCodec.TryReadReading(record[..length], out _, out _, out _, out _), "accepted a record cut to " + length + " bytes");
        }

        byte[] future = (byte[])record.Clone();
        future[0] = 2;
        Assert.Contains("version 2", Assert.Throws<InvalidDataException>(() => EntryCodec.ReadReading(future, out _, out _, out _, out _)).Message, StringComparison.Ordinal);
        Assert.False(EntryCodec.TryReadReading([.. record, 0], out _, out _, out _, out _));
    }
}
