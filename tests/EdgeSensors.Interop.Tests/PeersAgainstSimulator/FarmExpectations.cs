using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Simulator.Farm;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// What a technician should see when a peer reads each unit of the default farm in clean air with healthy
/// instruments: the primary value in its engineering unit and within a plausible band, every register the farm sets
/// to a constant exactly as set, and tags that follow the primary value agreeing with it.
/// </summary>
internal static class FarmExpectations
{
    /// <summary>The primary measurement of each unit: profile, tag, unit and the band a healthy reading lies in, and why.</summary>
    public static readonly IReadOnlyList<PrimaryExpectation> Primaries =
    [
        new(1, "pemtech-pt495", "concentration", "%LEL", 0, 3, "clean air: 0.5 %LEL baseline, 0.3 %LEL noise"),
        new(2, "pemtech-pt495", "concentration", "ppm", 0, 2, "clean air: 0.3 ppm H2S baseline, 0.2 ppm noise"),
        new(3, "sierra-monitor-5100", "concentration", "%LEL", 0, 3, "clean air: 0.4 %LEL baseline, 0.3 %LEL noise"),
        new(4, "vegapuls-c21", "pv", "m", 0.98, 11.02, "tank filled between 1 m and 11 m, 2 mm noise"),
        new(5, "keller-series30", "p1", "bar", 5, 7, "line pressure wandering around 6 bar (about 0.1 bar standard deviation)"),
        new(6, "generic-rs485-transmitter", "value", "kPa", 1, 6, "tank pressure wandering around 3.5 kPa (about 0.25 kPa standard deviation)"),
    ];

    public static TheoryData<byte> Units => new(Primaries.Select(p => p.Unit));

    public static PrimaryExpectation Primary(byte unit) => Primaries.Single(p => p.Unit == unit);

    /// <summary>The full check of one unit read by a peer.</summary>
    public static void AssertHealthyAndPlausible(ProfileReadout readout)
    {
        PrimaryExpectation expected = Primary(readout.Unit);
        FarmUnit farmUnit = SimulatorFixture.FarmUnit(readout.Unit);
        Assert.True(farmUnit.ProfileId == expected.ProfileId, $"the default farm's unit {readout.Unit} is {farmUnit.ProfileId}, these expectations are for {expected.ProfileId}");

        // Healthy instrument in range: no fault bit, no NaN, no unknown unit code, every value within its profile range.
        foreach (TagReading tag in readout.Tags)
        {
            Assert.True(tag.Quality == ReadingQuality.Good, $"{tag}\n{readout.Transcript}");
        }

        TagReading primary = readout[expected.Tag];
        Assert.True(primary.Unit == expected.EngineeringUnit, $"{primary}: expected the unit {expected.EngineeringUnit}\n{readout.Transcript}");
        Assert.True(primary.Value >= expected.Min && primary.Value <= expected.Max, $"{primary}: expected {expected.Min}..{expected.Max} {expected.EngineeringUnit} ({expected.Why})\n{readout.Transcript}");
        AssertConstantsAsSet(readout, farmUnit);
        AssertMirrorsFollowThePrimary(readout, farmUnit, primary);
    }

    /// <summary>Registers the farm sets once (IDs, unit codes, set points, line settings) read back exactly.</summary>
    public static void AssertConstantsAsSet(ProfileReadout readout, FarmUnit farmUnit)
    {
        Assert.NotEmpty(farmUnit.Constants);
        foreach ((string name, double set) in farmUnit.Constants)
        {
            TagReading reading = readout[name];
            double expected = reading.Tag.Type == DataType.Float32 ? (float)set : set;
            Assert.True(Math.Round(reading.Value, 9) == Math.Round(expected, 9), $"{reading}: the farm set {set}\n{readout.Transcript}");
        }
    }

    /// <summary>Tags the farm derives from the primary value (VEGAPULS SV = PV, KELLER P1 int32 in 0.01 mbar = P1 float in bar).</summary>
    public static void AssertMirrorsFollowThePrimary(ProfileReadout readout, FarmUnit farmUnit, TagReading primary)
    {
        foreach ((string name, double factor) in farmUnit.Mirrors)
        {
            TagReading mirror = readout[name];
            double expected = primary.Value * factor;

            // One count of an integer register (half, rounded) plus float32 rounding of the primary value.
            double tolerance = ((mirror.Tag.Scale?.Gain ?? 0) / 2) + (Math.Abs(expected) * 2e-7);
            Assert.True(Math.Abs(mirror.Value - expected) <= tolerance, $"{mirror}: expected {expected} ({primary.Tag.Name} x {factor}) within {tolerance}\n{readout.Transcript}");
        }
    }
}

/// <summary>A unit's primary value: which tag, in which unit, and the band a healthy reading lies in.</summary>
internal sealed record PrimaryExpectation(byte Unit, string ProfileId, string Tag, string EngineeringUnit, double Min, double Max, string Why);
