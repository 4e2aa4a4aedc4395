using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Tests.Configuration;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Gateway.Tests.Runtime;

/// <summary>
/// The unit on alarm events. The VEGAPULS level reports its unit through a unit-code register, so the config knows no
/// single unit for it; its alarm events must carry the unit its readings carry, as the backend shows "11.8 m", not "11.8".
/// </summary>
public sealed class LocalAlarmsUnitTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgesensors-alarm-units-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void A_tag_whose_unit_the_instrument_reports_raises_alarms_in_the_unit_of_its_readings_and_a_fixed_unit_stays()
    {
        SiteConfig config = SiteConfigLoader.Load(ConfigFiles.TankFarm, ConfigFiles.Profiles).Config!;
        using LocalAlarms alarms = LocalAlarms.Create(config, _data);

        // t101-level/pv: hh 11.5, h 11, on-delay 5 s in the example. t101-lel/concentration: %LEL from its profile.
        var events = new List<AlarmMessage>();
        for (long ms = 0; ms <= 12_000; ms += 2_000)
        {
            events.AddRange(alarms.Evaluate(
                [
                    new TagSample("t101-level", "pv", 11.8, "m", TagQuality.Good, ms, null),
                    new TagSample("t101-lel", "concentration", 60, "%LEL", TagQuality.Good, ms, null),
                ],
                ms));
        }

        AlarmMessage[] level = [.. events.Where(e => e.Tag == "t101-level/pv" && e.State == AlarmEventType.Raised)];
        Assert.Contains(level, e => e.Kind == AlarmKind.HighHigh);
        Assert.All(level, e => Assert.Equal("m", e.Unit));
        AlarmMessage[] gas = [.. events.Where(e => e.Tag == "t101-lel/concentration" && e.State == AlarmEventType.Raised)];
        Assert.NotEmpty(gas);
        Assert.All(gas, e => Assert.Equal("%LEL", e.Unit));

        // An acknowledgement event of the level alarm carries the same unit.
        IReadOnlyList<AlarmMessage> acknowledged = alarms.Acknowledge("t101-level/pv", 14_000, out _);
        Assert.All(acknowledged, e => Assert.Equal("m", e.Unit));
    }
}
