using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Gateway.Tests.Simulator;

/// <summary>Builds the default farm on a manual clock and decodes its registers through the profiles, as a master would.</summary>
internal sealed class FarmFixture
{
    public static readonly IReadOnlyList<DeviceProfile> Profiles =
        ProfileLoader.LoadDirectory(ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory)!);

    public FarmFixture(int seed = 7, EpisodeSettings? episodes = null)
    {
        Farm = new TankFarm(Profiles, DefaultFarm.Units, seed, Clock, episodes);
    }

    public ManualClock Clock { get; } = new();

    public TankFarm Farm { get; }

    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Farm.Sync();
    }

    public TagReading Read(byte unit, string tag)
    {
        Farm.TryGetDevice(unit, out SimulatedDevice device);
        var snapshot = new RegisterSnapshot();
        lock (Farm.SyncRoot)
        {
            snapshot.AddRegisters(RegisterTable.HoldingRegister, 0, device.Registers.Holding.ToArray());
            snapshot.AddRegisters(RegisterTable.InputRegister, 0, device.Registers.Input.ToArray());
        }

        return new ProfileDecoder(device.Profile).Decode(tag, snapshot);
    }
}
