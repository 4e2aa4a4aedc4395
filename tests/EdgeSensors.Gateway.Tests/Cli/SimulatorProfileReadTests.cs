using System.Globalization;
using System.Net;
using System.Text.Json;
using EdgeSensors.Cli;
using EdgeSensors.Gateway.Tests.Profiles;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Faults;

namespace EdgeSensors.Gateway.Tests.Cli;

/// <summary>
/// `edgesensors read --profile` end to end against the tank-farm simulator in this process, started as
/// `simulate --dead 4 --exception 2:6` would start it: a dead instrument and a busy one each fail the command with their
/// own exit code and one line naming the unit and the register; a healthy one reads.
/// </summary>
public sealed class SimulatorProfileReadTests : IAsyncLifetime
{
    private SimulatorHost? _simulator;

    private string Endpoint => "127.0.0.1:" + _simulator!.TcpEndPoint!.Port.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ProfilesDirectory = ProfilePaths.Directory,
            Faults = new FaultOptions().AddDead("4").AddException("2:6"),
        });
    }

    public async Task DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dead_unit_exits_3_with_one_line_naming_the_unit_and_its_first_register()
    {
        string[] args = ["read", "--tcp", Endpoint, "--unit", "4", "--profile", "vegapuls-c21", "--profiles", ProfilePaths.Directory, "--timeout", "100", "--retries", "0"];

        CliRun text = await CliRun.RunAsync(args);
        CliRun json = await CliRun.RunAsync([.. args, "--json"]);

        // The VEGAPULS profile's first block starts at its status register, input 100 = register number 30101.
        Assert.True(text.ExitCode == ExitCodes.Timeout, text.ToString());
        string line = Assert.Single(text.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unit 4", line, StringComparison.Ordinal);
        Assert.Contains("30101", line, StringComparison.Ordinal);
        Assert.Contains("timeout", line, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.Timeout, json.ToString());
        JsonElement root = json.Json();
        Assert.False(root.GetProperty("ok").GetBoolean());
        Assert.Equal(ExitCodes.Timeout, root.GetProperty("exitCode").GetInt32());
        Assert.All(root.GetProperty("tags").EnumerateArray(), tag => Assert.Equal("Missing", tag.GetProperty("quality").GetString()));
    }

    [Fact]
    public async Task Exception_unit_exits_4_with_one_line_naming_the_unit_the_register_and_the_code()
    {
        string[] args = ["read", "--tcp", Endpoint, "--unit", "2", "--profile", "pemtech-pt495", "--profiles", ProfilePaths.Directory];

        CliRun text = await CliRun.RunAsync(args);
        CliRun json = await CliRun.RunAsync([.. args, "--json"]);

        // The PT495 profile is one block from its concentration register, 40001.
        Assert.True(text.ExitCode == ExitCodes.ModbusException, text.ToString());
        string line = Assert.Single(text.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unit 2", line, StringComparison.Ordinal);
        Assert.Contains("40001", line, StringComparison.Ordinal);
        Assert.Contains("exception 06", line, StringComparison.Ordinal);
        Assert.Contains("busy", line, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.ModbusException, json.ToString());
        Assert.Equal("ExceptionResponse", json.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthy_unit_beside_them_reads_with_exit_0()
    {
        CliRun run = await CliRun.RunAsync("read", "--tcp", Endpoint, "--unit", "5", "--profile", "keller-series30", "--profiles", ProfilePaths.Directory, "--json");

        // The farm sets the KELLER's P2 channel to 1.013 bar and leaves it there.
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(string.Empty, run.Error);
        JsonElement p2 = run.Json().GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "p2");
        Assert.Equal("Good", p2.GetProperty("quality").GetString());
        Assert.Equal("bar", p2.GetProperty("unit").GetString());
        Assert.Equal((float)1.013, (float)p2.GetProperty("value").GetDouble());
    }
}
