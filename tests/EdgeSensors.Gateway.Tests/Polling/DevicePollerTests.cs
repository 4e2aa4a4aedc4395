using System.Net;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Tests.Polling;

public class DevicePollerTests
{
    // Two measurements 4 registers apart and a status register between them: gap budget decides how many reads.
    private static readonly DeviceProfile Sparse = new()
    {
        Id = "test-sparse",
        Manufacturer = "test",
        Model = "sparse",
        Source = "test",
        Tags =
        [
            new TagDefinition { Name = "level", Table = RegisterTable.HoldingRegister, Address = 0, Type = DataType.UInt16, WordOrder = WordOrder.ABCD, Unit = "cm", Range = new ValueRange(0, 1000) },
            new TagDefinition { Name = "status", Table = RegisterTable.HoldingRegister, Address = 2, Type = DataType.UInt16, WordOrder = WordOrder.ABCD, Kind = TagKind.Status },
            new TagDefinition
            {
                Name = "pressure", Table = RegisterTable.HoldingRegister, Address = 6, Type = DataType.UInt16, WordOrder = WordOrder.ABCD,
                Unit = "kPa", Scale = new LinearScale(0.1, 0), Range = new ValueRange(0, 100), FaultWhen = [FaultCondition.Bit("status", 0)],
            },
        ],
    };

    [Fact]
    public void Gap_budget_coalesces_adjacent_tags_into_fewer_reads()
    {
        TagDefinition[] tags = [.. Sparse.Tags];

        Assert.Equal(3, new AdaptiveReadPlan(tags, gapBudget: 0).Blocks.Count);
        Assert.Equal(2, new AdaptiveReadPlan(tags, gapBudget: 1).Blocks.Count);
        var one = Assert.Single(new AdaptiveReadPlan(tags, gapBudget: 3).Blocks);
        Assert.Equal((0, 7), (one.Address, one.Count));
    }

    [Fact]
    public async Task Exception_02_on_a_coalesced_read_splits_it_and_the_split_is_remembered()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 420);
        bank.SetHolding(1, 2, 0);
        bank.SetHolding(1, 6, 555);
        var holes = new HoleyBank(bank, 4); // address 4 is not mapped: any read across it answers 02
        await using var server = await StartAsync(holes);
        await using var bus = Bus(server);
        var poller = new DevicePoller(Settings(gapBudget: 4, "level", "pressure"));
        Assert.Single(poller.Plan.Blocks);

        DevicePollResult first = await poller.PollAsync(bus, 1_000, CancellationToken.None);
        DevicePollResult second = await poller.PollAsync(bus, 2_000, CancellationToken.None);
        DevicePollResult third = await poller.PollAsync(bus, 3_000, CancellationToken.None);

        Assert.Contains(first.Failures, f => f.Contains("exception", StringComparison.OrdinalIgnoreCase) && f.Contains("tank", StringComparison.Ordinal));
        Assert.Contains(first.Failures, f => f.Contains("split into", StringComparison.Ordinal));
        Assert.All(first.Samples, s => Assert.Equal(TagQuality.CommFailure, s.Quality));
        // level | status + pressure, each half re-planned without gaps: status (read for pressure's fault bit) and pressure.
        Assert.Equal([0, 2, 6], poller.Plan.Blocks.Select(b => (int)b.Address));
        Assert.Empty(second.Failures);
        Assert.Equal(42.0, second.Samples.Single(s => s.Tag == "level").Value * 0.1, 6);
        Assert.Equal(55.5, second.Samples.Single(s => s.Tag == "pressure").Value, 6);
        Assert.Equal("kPa", second.Samples.Single(s => s.Tag == "pressure").Unit);
        Assert.All(third.Samples, s => Assert.Equal(TagQuality.Good, s.Quality));

        // 1 refused coalesced read, then 3 reads per poll: the refused range is never asked again.
        Assert.Equal(7, holes.Requests.Count);
        Assert.Equal(1, holes.Requests.Count(r => r.Count == 7));
    }

    [Fact]
    public async Task Status_bit_gives_sensor_fault_and_out_of_range_is_flagged()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 1500); // 1500 cm on a 0-1000 cm instrument
        bank.SetHolding(1, 2, 0b1);  // the pressure sensor's fault bit
        bank.SetHolding(1, 6, 100);
        await using var server = await StartAsync(bank);
        await using var bus = Bus(server);
        var poller = new DevicePoller(Settings(gapBudget: 0, "level", "pressure"));

        DevicePollResult result = await poller.PollAsync(bus, 1_000, CancellationToken.None);

        TagSample level = result.Samples.Single(s => s.Tag == "level");
        TagSample pressure = result.Samples.Single(s => s.Tag == "pressure");
        Assert.Equal(TagQuality.OutOfRange, level.Quality);
        Assert.Contains("outside the instrument range", level.Detail, StringComparison.Ordinal);
        Assert.Equal(TagQuality.SensorFault, pressure.Quality);
        Assert.Equal("tank/pressure", pressure.Path);
    }

    [Fact]
    public async Task Missed_polls_go_stale_with_the_old_value_and_time_then_comm_failure()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 300);
        await using var server = await StartAsync(bank);
        await using var bus = Bus(server);
        var poller = new DevicePoller(Settings(gapBudget: 0, "level") with { StaleAfterMisses = 1, CommFailureAfterMisses = 3 });

        TagSample good = (await poller.PollAsync(bus, 1_000, CancellationToken.None)).Samples.Single();
        bank.SetForcedException(1, ExceptionCode.ServerDeviceBusy);
        TagSample miss1 = (await poller.PollAsync(bus, 2_000, CancellationToken.None)).Samples.Single();
        TagSample miss2 = (await poller.PollAsync(bus, 3_000, CancellationToken.None)).Samples.Single();
        DevicePollResult miss3 = await poller.PollAsync(bus, 4_000, CancellationToken.None);
        bank.SetForcedException(1, ExceptionCode.None);
        TagSample back = (await poller.PollAsync(bus, 5_000, CancellationToken.None)).Samples.Single();

        Assert.Equal((TagQuality.Good, 300.0, 1_000L), (good.Quality, good.Value, good.AcquiredAtMs));
        Assert.Equal((TagQuality.Stale, 300.0, 1_000L), (miss1.Quality, miss1.Value, miss1.AcquiredAtMs));
        Assert.Equal(TagQuality.Stale, miss2.Quality);
        TagSample failed = miss3.Samples.Single();
        Assert.Equal(TagQuality.CommFailure, failed.Quality);
        Assert.True(double.IsNaN(failed.Value));
        Assert.Equal(4_000L, failed.AcquiredAtMs);
        Assert.Contains("unit 1", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("40001", failed.Detail, StringComparison.Ordinal);
        Assert.Equal((TagQuality.Good, 5_000L), (back.Quality, back.AcquiredAtMs));
    }

    private static DevicePollSettings Settings(int gapBudget, params string[] tags) => new()
    {
        Name = "tank",
        Profile = Sparse,
        Unit = 1,
        GapBudget = gapBudget,
        Tags = [.. tags.Select(t => new TagPollSettings { Tag = t })],
    };

    private static async Task<ModbusTcpServer> StartAsync(IModbusRequestHandler handler)
    {
        var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), handler);
        await server.StartAsync();
        return server;
    }

    private static ModbusBus Bus(ModbusTcpServer server) =>
        new(new TcpTransport("127.0.0.1", server.LocalEndPoint.Port), new BusOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 0 }); // generous: a slow first connect on a loaded machine must not look like a dead unit
}
