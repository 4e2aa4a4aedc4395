using System.Text.Json;
using EdgeSensors.Cli;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Gateway.Tests.Cli;

public sealed class ProfileReadTests : IDisposable
{
    private const string Profile = """
        id: cli-test-transmitter
        manufacturer: Test
        model: T1
        source: "written for the CLI tests"
        word_order: CDAB
        tags:
          - name: level
            table: holding
            address: 0x0000
            type: float32
            unit: m
            range: { min: 0, max: 20 }
            kind: measurement
            fault_when: [nan]
          - name: pressure
            table: holding
            address: 0x0002
            type: int16
            scale: { gain: 0.1, offset: 0 }
            unit: bar
            kind: measurement
          - name: temperature
            table: input
            address: 0x0010
            type: float32
            unit: "°C"
            kind: measurement
            fault_when: [nan]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-cli-").FullName;

    public ProfileReadTests()
    {
        string folder = Path.Combine(_directory, "cli-test-transmitter");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "profile.yaml"), Profile);
    }

    [Fact]
    public async Task Profile_read_shows_each_tag_with_value_unit_quality_and_raw_registers()
    {
        var bank = new RegisterBank().AddUnit(4, 100);
        var registers = new ushort[2];
        RegisterEncoder.Encode(7.25, DataType.Float32, WordOrder.CDAB, registers, 0);
        bank.SetHolding(4, 0, registers[0], registers[1], unchecked((ushort)-15));
        RegisterEncoder.Encode(double.NaN, DataType.Float32, WordOrder.CDAB, registers, 0);
        bank.SetInput(4, 0x10, registers);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--unit", "4", "--profile", "cli-test-transmitter", "--profiles", _directory, "--json");
        CliRun text = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--unit", "4", "--profile", "cli-test-transmitter", "--profiles", _directory);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Dictionary<string, JsonElement> tags = run.Json().GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(7.25, tags["level"].GetProperty("value").GetDouble());
        Assert.Equal("m", tags["level"].GetProperty("unit").GetString());
        Assert.Equal("Good", tags["level"].GetProperty("quality").GetString());
        Assert.Equal(2, tags["level"].GetProperty("registers").GetArrayLength());
        Assert.Equal(-1.5, tags["pressure"].GetProperty("value").GetDouble(), 6);
        Assert.Equal("FFF1", tags["pressure"].GetProperty("registers")[0].GetString());
        Assert.Equal("Faulted", tags["temperature"].GetProperty("quality").GetString());
        Assert.Equal("30017", tags["temperature"].GetProperty("registerNumber").GetString());
        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Contains(text.OutLines, l => l.StartsWith("level", StringComparison.Ordinal) && l.Contains("40001") && l.Contains("7.25") && l.Contains("Good"));
    }

    [Fact]
    public async Task Profile_read_fails_with_the_block_that_failed_and_leaves_its_tags_missing()
    {
        var bank = new RegisterBank().AddUnit(4, 8);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--unit", "4", "--profile", "cli-test-transmitter", "--profiles", _directory, "--json");

        Assert.True(run.ExitCode == ExitCodes.ModbusException, run.ToString());
        Assert.Contains("30017", run.Error);
        JsonElement temperature = run.Json().GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "temperature");
        Assert.Equal("Missing", temperature.GetProperty("quality").GetString());
    }

    [Fact]
    public async Task Unknown_profile_is_a_usage_error_listing_the_known_ones()
    {
        CliRun run = await CliRun.RunAsync("read", "--tcp", "127.0.0.1:1", "--profile", "no-such", "--profiles", _directory);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("cli-test-transmitter", run.Error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
