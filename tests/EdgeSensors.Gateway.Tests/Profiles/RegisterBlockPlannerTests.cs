using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class RegisterBlockPlannerTests
{
    [Fact]
    public void Sierra_map_needs_three_holding_reads()
    {
        DeviceProfile sierra = ProfileLoader.Load(ProfilePaths.ProfileFile("sierra-monitor-5100"));

        IReadOnlyList<RegisterBlock> blocks = RegisterBlockPlanner.Plan(sierra);

        Assert.Equal([(0, 6), (10, 2), (21, 2)], blocks.Select(b => ((int)b.Address, (int)b.Count)));
        Assert.All(blocks, b => Assert.Equal(RegisterTable.HoldingRegister, b.Table));
    }

    [Fact]
    public void Gaps_split_blocks_unless_allowed()
    {
        DeviceProfile vega = ProfileLoader.Load(ProfilePaths.ProfileFile("vegapuls-c21"));
        TagDefinition[] inputs = vega.Tags.Where(t => t.Table == RegisterTable.InputRegister).ToArray();

        IReadOnlyList<RegisterBlock> strict = RegisterBlockPlanner.Plan(inputs);
        IReadOnlyList<RegisterBlock> relaxed = RegisterBlockPlanner.Plan(inputs, new BlockPlanOptions { MaxGap = 3 });

        Assert.Equal([(100, 1), (104, 4), (110, 2), (114, 2), (118, 2)], strict.Select(b => ((int)b.Address, (int)b.Count)));
        RegisterBlock one = Assert.Single(relaxed);
        Assert.Equal((100, 20), (one.Address, one.Count));
        Assert.Equal(inputs.Length, one.Tags.Count);
    }

    [Fact]
    public void Blocks_never_exceed_the_protocol_limit()
    {
        var tags = Enumerable.Range(0, 100).Select(i => new TagDefinition
        {
            Name = "t" + i,
            Table = RegisterTable.HoldingRegister,
            Address = (ushort)(i * 2),
            Type = EdgeSensors.Modbus.Decoding.DataType.Float32,
            WordOrder = EdgeSensors.Modbus.Decoding.WordOrder.ABCD,
        }).ToList();

        IReadOnlyList<RegisterBlock> blocks = RegisterBlockPlanner.Plan(tags);

        Assert.All(blocks, b => Assert.True(b.Count <= ModbusLimits.MaxReadRegisters));
        Assert.Equal(200, blocks.Sum(b => b.Count));
        Assert.Equal(2, blocks.Count);
    }

    [Fact]
    public void Measurements_bring_their_unit_decimal_and_status_tags()
    {
        DeviceProfile generic = ProfileLoader.Load(ProfilePaths.ProfileFile("generic-rs485-transmitter"));

        var needed = RegisterBlockPlanner.WithDependencies(generic, [generic.GetTag("value")]);

        Assert.Equal(["value", "decimals", "unit_code"], needed.Select(t => t.Name));
        RegisterBlock block = Assert.Single(RegisterBlockPlanner.Plan(needed));
        Assert.Equal((2, 3), (block.Address, block.Count));
    }
}
