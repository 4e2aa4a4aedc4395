using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Gateway.Tests.Simulator;

public class TankFarmTests
{
    [Fact]
    public void Default_farm_serves_the_documented_six_units()
    {
        var fixture = new FarmFixture();

        Assert.Equal(
            [(1, "pemtech-pt495"), (2, "pemtech-pt495"), (3, "sierra-monitor-5100"), (4, "vegapuls-c21"), (5, "keller-series30"), (6, "generic-rs485-transmitter")],
            fixture.Farm.Devices.Select(d => ((int)d.Unit.Unit, d.Profile.Id)));
        Assert.Equal("%LEL", fixture.Read(1, "concentration").Unit);
        Assert.Equal("ppm", fixture.Read(2, "concentration").Unit);
        Assert.Equal("m", fixture.Read(4, "pv").Unit);
        Assert.Equal("kPa", fixture.Read(6, "value").Unit);
    }

    [Fact]
    public void Every_measurement_decodes_within_its_range_or_is_flagged_faulted_over_two_hours()
    {
        var fixture = new FarmFixture(seed: 3);
        var seen = new HashSet<ReadingQuality>();
        for (int i = 0; i < 720; i++)
        {
            fixture.Advance(TimeSpan.FromSeconds(10));
            foreach (SimulatedDevice device in fixture.Farm.Devices)
            {
                foreach (var tag in device.Profile.Tags.Where(t => t.Kind == EdgeSensors.Profiles.Model.TagKind.Measurement))
                {
                    TagReading reading = fixture.Read(device.Unit.Unit, tag.Name);
                    seen.Add(reading.Quality);
                    Assert.True(
                        reading.Quality is ReadingQuality.Good or ReadingQuality.Faulted,
                        $"unit {device.Unit.Unit} at {fixture.Farm.Elapsed}: {reading}");
                }
            }
        }

        Assert.Contains(ReadingQuality.Good, seen);
    }

    [Fact]
    public void Level_ramps_between_its_limits_in_both_directions()
    {
        var fixture = new FarmFixture(seed: 11);
        var levels = new List<double>();
        for (int i = 0; i < 300; i++)
        {
            fixture.Advance(TimeSpan.FromSeconds(30));
            levels.Add(fixture.Read(4, "pv").Value);
        }

        Assert.InRange(levels.Min(), 0.98, 1.5);
        Assert.InRange(levels.Max(), 10.5, 11.02);
        Assert.Contains(levels.Zip(levels.Skip(1)), p => p.Second - p.First > 0.1);
        Assert.Contains(levels.Zip(levels.Skip(1)), p => p.First - p.Second > 0.1);
    }

    [Fact]
    public void Pressure_is_noisy_but_stays_near_its_mean()
    {
        // Sensor-fault episodes write NaN (the KELLER fault marker); this test is about the healthy signal.
        var noFaults = new EpisodeSettings { FaultIntervalMin = TimeSpan.FromHours(10), FaultIntervalMax = TimeSpan.FromHours(11) };
        var fixture = new FarmFixture(seed: 5, noFaults);
        var values = new List<double>();
        for (int i = 0; i < 600; i++)
        {
            fixture.Advance(TimeSpan.FromSeconds(5));
            values.Add(fixture.Read(5, "p1").Value);
        }

        Assert.InRange(values.Average(), 5.5, 6.5);
        Assert.True(values.Distinct().Count() > 500, "pressure should vary from reading to reading");
        Assert.Equal(fixture.Read(5, "p1").Value * 1000, fixture.Read(5, "p1_int").Value, 0);
    }

    [Fact]
    public void A_leak_episode_crosses_25_percent_LEL_and_decays_afterwards()
    {
        var fixture = new FarmFixture(seed: 9);
        var lel = new List<double>();
        for (int i = 0; i < 60 * 30; i++)
        {
            fixture.Advance(TimeSpan.FromSeconds(1));
            lel.Add(fixture.Read(1, "concentration").Value);
        }

        int peakAt = lel.IndexOf(lel.Max());
        Assert.True(lel.Max() > 25, $"max %LEL in 30 min was {lel.Max()}");
        Assert.True(lel.Take(peakAt).Any(v => v < 5), "the leak should start from clean air");
        Assert.Contains(lel.Skip(peakAt), v => v < 5);
    }

    [Fact]
    public void A_triggered_leak_raises_every_gas_detector_at_that_tank_only()
    {
        var episodes = new EpisodeSettings { LeakIntervalMin = TimeSpan.FromHours(10), LeakIntervalMax = TimeSpan.FromHours(11) };
        var fixture = new FarmFixture(seed: 2, episodes);

        fixture.Farm.TriggerLeak("T-101");
        fixture.Advance(TimeSpan.FromSeconds(45));

        Assert.True(fixture.Read(1, "concentration").Value > 25, fixture.Read(1, "concentration").ToString());
        Assert.True(fixture.Read(2, "concentration").Value > 10, fixture.Read(2, "concentration").ToString());
        Assert.True(fixture.Read(3, "concentration").Value < 5, fixture.Read(3, "concentration").ToString());
    }

    [Theory]
    [InlineData(1, "concentration", "status: bit 2 sensor fault")]
    [InlineData(3, "concentration", "trouble_1: bit 0 sensor trouble (first word, bit 0)")]
    [InlineData(4, "pv", "status: bit 0 PV invalid (no echo, device fault or simulation)")]
    [InlineData(5, "p1", "NaN: the instrument reports a channel error")]
    public void A_sensor_fault_episode_sets_what_the_profile_detects(byte unit, string tag, string reason)
    {
        var fixture = new FarmFixture(seed: 4);
        fixture.Advance(TimeSpan.FromSeconds(1));
        Assert.NotEqual(ReadingQuality.Faulted, fixture.Read(unit, tag).Quality);

        fixture.Farm.TriggerSensorFault(unit, TimeSpan.FromSeconds(30));
        TagReading during = fixture.Read(unit, tag);
        fixture.Advance(TimeSpan.FromSeconds(31));
        TagReading after = fixture.Read(unit, tag);

        Assert.Equal(ReadingQuality.Faulted, during.Quality);
        Assert.Contains(reason, during.Reasons);
        Assert.NotEqual(ReadingQuality.Faulted, after.Quality);
    }

    [Fact]
    public void Same_seed_and_time_give_the_same_registers_however_often_they_are_read()
    {
        var often = new FarmFixture(seed: 21);
        var once = new FarmFixture(seed: 21);
        var other = new FarmFixture(seed: 22);
        for (int i = 0; i < 600; i++)
        {
            often.Advance(TimeSpan.FromSeconds(1));
        }

        once.Advance(TimeSpan.FromMinutes(10));
        other.Advance(TimeSpan.FromMinutes(10));

        foreach (SimulatedDevice device in often.Farm.Devices)
        {
            once.Farm.TryGetDevice(device.Unit.Unit, out SimulatedDevice twin);
            Assert.Equal(device.Registers.Holding, twin.Registers.Holding);
            Assert.Equal(device.Registers.Input, twin.Registers.Input);
        }

        Assert.NotEqual(often.Read(5, "p1").Value, other.Read(5, "p1").Value);
    }
}
