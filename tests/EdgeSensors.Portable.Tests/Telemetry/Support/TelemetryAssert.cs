using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>Field-by-field equality of messages; doubles compare by bits, so NaN equals NaN and -0 differs from 0.</summary>
internal static class TelemetryAssert
{
    public static void Equal(TelemetryBatch expected, TelemetryBatch actual)
    {
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Backfill, actual.Backfill);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            TelemetryReading e = expected[i];
            TelemetryReading a = actual[i];
            Assert.Equal((i, e.Tag, e.Unit, e.Quality, e.TimeMs, e.Seq), (i, a.Tag, a.Unit, a.Quality, a.TimeMs, a.Seq));
            AssertSameBits(e.Value, a.Value, "readings[" + i + "].value");
        }
    }

    public static void Equal(AlarmMessage expected, AlarmMessage actual)
    {
        Assert.Equal(
            (expected.Source, expected.Backfill, expected.Tag, expected.Kind, expected.State, expected.Unit, expected.TimeMs, expected.Seq, expected.Latched),
            (actual.Source, actual.Backfill, actual.Tag, actual.Kind, actual.State, actual.Unit, actual.TimeMs, actual.Seq, actual.Latched));
        AssertSameBits(expected.Value, actual.Value, "value");
        AssertSameBits(expected.Limit, actual.Limit, "limit");
    }

    /// <summary>Same bits, except that every non-finite value is sent as null and read back as NaN.</summary>
    public static void AssertSameBits(double expected, double actual, string what)
    {
        if (!double.IsFinite(expected))
        {
            Assert.True(double.IsNaN(actual), what + ": expected NaN (null), got " + actual);
            return;
        }

        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), what + ": expected " + expected.ToString("R") + ", got " + actual.ToString("R"));
    }
}
