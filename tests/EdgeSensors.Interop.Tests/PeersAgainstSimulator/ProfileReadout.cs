using EdgeSensors.Interop.Tests.Peers;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// One simulated instrument read by a third-party peer, a request per register block of its profile, and the raw
/// registers the peer printed decoded through the profile (<see cref="ProfileDecoder"/>), as a master would.
/// </summary>
internal sealed class ProfileReadout
{
    private readonly Dictionary<string, TagReading> _tags;

    private ProfileReadout(byte unit, DeviceProfile profile, IReadOnlyList<TagReading> tags, string transcript)
    {
        Unit = unit;
        Profile = profile;
        _tags = tags.ToDictionary(t => t.Tag.Name, StringComparer.Ordinal);
        Transcript = transcript;
    }

    public byte Unit { get; }

    public DeviceProfile Profile { get; }

    public IEnumerable<TagReading> Tags => _tags.Values;

    /// <summary>Every peer run (command, output) and every decoded tag, for assertion messages.</summary>
    public string Transcript { get; }

    public TagReading this[string tag] => _tags.TryGetValue(tag, out TagReading? reading)
        ? reading
        : throw new Xunit.Sdk.XunitException($"profile {Profile.Id} has no tag '{tag}'\n{Transcript}");

    public static Task<ProfileReadout> WithMbpollAsync(PeerEndpoint endpoint, byte unit) =>
        ReadAsync(endpoint, unit, async block =>
        {
            string dataType = block.Table == RegisterTable.InputRegister ? "3:hex" : "4:hex";
            MbpollReadout readout = await Mbpoll.ReadAsync(endpoint, unit, dataType, block.Address, block.Count);
            Require(readout.Run);
            return (readout.HexRegisters(block.Address, block.Count), readout.Run);
        });

    public static Task<ProfileReadout> WithLibmodbusAsync(PeerEndpoint endpoint, byte unit) =>
        ReadAsync(endpoint, unit, async block =>
        {
            string table = block.Table == RegisterTable.InputRegister ? "input" : "holding";
            LibmodbusReadout readout = await LibmodbusClient.ReadAsync(endpoint, unit, table, block.Address, block.Count);
            Require(readout.Run);
            return (readout.ValuesFrom(block.Address).Select(v => (ushort)v).ToArray(), readout.Run);
        });

    private static async Task<ProfileReadout> ReadAsync(PeerEndpoint endpoint, byte unit, Func<RegisterBlock, Task<(ushort[] Registers, ToolResult Run)>> readBlock)
    {
        DeviceProfile profile = SimulatorFixture.ProfileOf(unit);
        var snapshot = new RegisterSnapshot();
        var transcript = new List<string> { $"unit {unit} ({profile.Id}) at {endpoint}" };
        foreach (RegisterBlock block in RegisterBlockPlanner.Plan(profile))
        {
            (ushort[] registers, ToolResult run) = await readBlock(block);
            Assert.Equal(block.Count, registers.Length);
            snapshot.AddRegisters(block.Table, block.Address, registers);
            transcript.Add(run.ToString());
        }

        IReadOnlyList<TagReading> tags = new ProfileDecoder(profile).DecodeAll(snapshot);
        transcript.AddRange(tags.Select(t => t.ToString()));
        return new ProfileReadout(unit, profile, tags, string.Join('\n', transcript));
    }

    private static void Require(ToolResult run)
    {
        if (run.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException("the peer's read failed\n" + run);
        }
    }
}
