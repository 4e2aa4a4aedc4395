using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>FsCheck generators for any message the contract allows, weighted towards its edges.</summary>
internal static class TelemetryGenerators
{
    private const string NameRest = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    private const string NameFirst = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly string[] CommonUnits = ["m", "bar", "mbar", "%LEL", "ppm", "°C", "m³", "m³/s", "%VOL", "", "m/min", "µg/m³"];

    // Characters that exercise every branch of the string writer: escapes, controls, 2-, 3- and 4-byte UTF-8.
    private static readonly string[] UnitPieces = ["a", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "é", "³", "µ", "°", "€", "\u2028", "\uffff", "\U0001F600", "\U0010FFFF", " "];

    public static Gen<string> SourceId() => Name(allowColon: false);

    public static Gen<string> Tag() => Name(allowColon: true);

    public static Gen<string> Unit()
    {
        Gen<string> random =
            from count in Gen.Choose(0, TelemetryContract.MaxUnitLength)
            from pieces in Gen.ArrayOf(Gen.Elements(UnitPieces), count)
            select string.Concat(pieces);
        return Gen.Frequency((3, Gen.Elements(CommonUnits)), (2, random));
    }

    /// <summary>Any double, NaN and the infinities included (they go out as null).</summary>
    public static Gen<double> Value()
    {
        return Gen.Frequency(
            (12, DoubleGenerators.AnyFinite()),
            (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)));
    }

    public static Gen<long> TimeMs()
    {
        Gen<long> anyValid = ArbMap.Default.GeneratorFor<long>().Select(t => (long)((ulong)t % (TelemetryContract.MaxTimeMs + 1UL)));
        Gen<long> recent = Gen.Choose(0, int.MaxValue).Select(t => 1_700_000_000_000L + t);
        return Gen.Frequency((4, recent), (2, anyValid), (1, Gen.Elements(0L, TelemetryContract.MaxTimeMs)));
    }

    public static Gen<TelemetryBatch> Batch(int maxReadings = 12)
    {
        Gen<(string Tag, double Value, string Unit, SignalQuality Quality, long Time, ulong Gap)> reading =
            from tag in Tag()
            from value in Value()
            from unit in Unit()
            from quality in Gen.Elements(Enum.GetValues<SignalQuality>())
            from time in TimeMs()
            from gap in Gen.Frequency((6, Gen.Constant(1UL)), (1, Gen.Choose(2, 100_000).Select(g => (ulong)g)))
            select (tag, value, unit, quality, time, gap);

        return from source in SourceId()
               from backfill in ArbMap.Default.GeneratorFor<bool>()
               from count in Gen.Frequency((6, Gen.Choose(1, maxReadings)), (1, Gen.Constant(1)))
               from readings in Gen.ArrayOf(reading, count)
               from start in SeqStart()
               select Build(source, backfill, readings, start);
    }

    public static Gen<AlarmMessage> Alarm()
    {
        return from source in SourceId()
               from backfill in ArbMap.Default.GeneratorFor<bool>()
               from tag in Tag()
               from kind in Gen.Elements(Enum.GetValues<AlarmKind>())
               from state in Gen.Elements(Enum.GetValues<AlarmEventType>())
               from value in Value()
               from limit in DoubleGenerators.AnyFinite()
               from unit in Unit()
               from time in TimeMs()
               from seq in SeqStart()
               from latched in ArbMap.Default.GeneratorFor<bool>()
               select new AlarmMessage
               {
                   Source = source,
                   Backfill = backfill,
                   Tag = tag,
                   Kind = kind,
                   State = state,
                   Value = value,
                   Limit = kind == AlarmKind.SensorFault ? double.NaN : limit,
                   Unit = unit,
                   TimeMs = time,
                   Seq = seq,
                   Latched = latched,
               };
    }

    private static Gen<ulong> SeqStart()
    {
        return Gen.Frequency(
            (3, Gen.Choose(0, 1_000_000).Select(s => (ulong)s)),
            (2, ArbMap.Default.GeneratorFor<ulong>()),
            (1, Gen.Elements(0UL, 9007199254740992UL, ulong.MaxValue - 2_000_000UL)));
    }

    private static TelemetryBatch Build(string source, bool backfill, (string Tag, double Value, string Unit, SignalQuality Quality, long Time, ulong Gap)[] readings, ulong start)
    {
        // Keep the last seq below 2^64: start no later than the room the gaps leave.
        ulong total = readings.Aggregate(0UL, (sum, r) => sum + r.Gap);
        ulong seq = Math.Min(start, ulong.MaxValue - total);
        var batch = new TelemetryBatch(readings.Length) { Source = source, Backfill = backfill };
        foreach (var r in readings)
        {
            seq += r.Gap;
            Assert.True(batch.TryAdd(r.Tag, r.Value, r.Unit, r.Quality, r.Time, seq));
        }

        return batch;
    }

    private static Gen<string> Name(bool allowColon)
    {
        string rest = allowColon ? NameRest + ":/" : NameRest;
        return from length in Gen.Frequency((8, Gen.Choose(1, 20)), (1, Gen.Constant(TelemetryContract.MaxNameLength)))
               from first in Gen.Elements(NameFirst.ToCharArray())
               from others in Gen.ArrayOf(Gen.Elements(rest.ToCharArray()), length - 1)
               select first + new string(others);
    }
}
