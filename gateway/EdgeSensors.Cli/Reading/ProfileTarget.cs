using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;

namespace EdgeSensors.Cli.Reading;

/// <summary>A --profile poll: every tag of one device profile on one unit, read in the planner's coalesced blocks.</summary>
public sealed class ProfileTarget
{
    private readonly ProfileDecoder _decoder;

    public ProfileTarget(DeviceProfile profile, byte unit)
    {
        Profile = profile;
        Unit = unit;
        Blocks = RegisterBlockPlanner.Plan(profile);
        _decoder = new ProfileDecoder(profile);
    }

    public DeviceProfile Profile { get; }

    public byte Unit { get; }

    public IReadOnlyList<RegisterBlock> Blocks { get; }

    public static ProfileTarget Load(string name, string? directory, byte unit) => new(ProfileCatalog.Load(name, directory), unit);

    /// <summary>Reads every block (a failed block leaves its tags Missing, never stale) and decodes every tag.</summary>
    public async Task<PollOutcome> ReadAsync(ModbusBus bus, CancellationToken ct)
    {
        var snapshot = new RegisterSnapshot();
        var results = new List<ModbusResult>(Blocks.Count);
        foreach (RegisterBlock block in Blocks)
        {
            ModbusResult result = await bus.ReadAsync(Unit, block.Table, block.Address, block.Count, ct);
            results.Add(result);
            if (!result.IsOk)
            {
                continue;
            }

            if (result.Bits.Length > 0 && result.Registers.Length == 0)
            {
                snapshot.AddBits(block.Table, block.Address, result.Bits.Take(block.Count).ToArray());
            }
            else
            {
                snapshot.AddRegisters(block.Table, block.Address, result.Registers);
            }
        }

        IReadOnlyList<TagReading> tags = _decoder.DecodeAll(snapshot);
        var rows = tags.Select(t => new ProfileTagRow(t, RawOf(t.Tag, snapshot))).ToList();
        return new ProfileReading(bus.Name, this, rows, results, DateTimeOffset.UtcNow);
    }

    private static ushort[] RawOf(TagDefinition tag, RegisterSnapshot snapshot)
    {
        if (tag.IsBit)
        {
            return [];
        }

        var raw = new ushort[tag.Length];
        return snapshot.TryGetRegisters(tag.Table, tag.Address, tag.Length, raw) ? raw : [];
    }
}
