using System.Net;
using System.Net.Sockets;
using EdgeSensors.Cli;
using EdgeSensors.Gateway.Modbus.Server;

namespace EdgeSensors.Gateway.Tests.Cli;

public sealed class ExitCodeTests
{
    [Fact]
    public async Task Dead_unit_times_out_with_exit_3_and_names_unit_and_register()
    {
        var bank = new RegisterBank().AddUnit(1, 100);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--unit", "9", "--address", "40001", "--timeout", "100", "--retries", "0");

        Assert.True(run.ExitCode == ExitCodes.Timeout, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unit 9", line);
        Assert.Contains("40001", line);
        Assert.Contains("timeout", line);
    }

    [Fact]
    public async Task Address_out_of_range_gives_exception_exit_4_with_the_cause()
    {
        var bank = new RegisterBank().AddUnit(1, 100);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "40201");
        CliRun json = await CliRun.RunAsync("read", "--tcp", server.Endpoint, "--address", "40201", "--json");

        Assert.True(run.ExitCode == ExitCodes.ModbusException, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unit 1", line);
        Assert.Contains("40201", line);
        Assert.Contains("illegal data address", line);
        Assert.Equal(ExitCodes.ModbusException, json.ExitCode);
        Assert.False(json.Json().GetProperty("ok").GetBoolean());
        Assert.Equal(2, json.Json().GetProperty("exceptionCode").GetInt32());
    }

    [Fact]
    public async Task Refused_connection_is_a_transport_error_exit_6()
    {
        int closedPort = FreePort();

        CliRun run = await CliRun.RunAsync("read", "--tcp", "127.0.0.1:" + closedPort, "--address", "0", "--timeout", "200", "--retries", "0");

        Assert.True(run.ExitCode == ExitCodes.TransportError, run.ToString());
        Assert.Contains("unit 1", run.Error);
    }

    [Theory]
    [InlineData("read", "--tcp", "127.0.0.1:1", "--address", "0", "--no-such-option")]
    [InlineData("read", "--address", "0")]
    [InlineData("read", "--tcp", "127.0.0.1:1", "--serial", "/dev/null", "--address", "0")]
    [InlineData("read", "--tcp", "127.0.0.1:1")]
    [InlineData("read", "--tcp", "127.0.0.1:70000", "--address", "0")]
    [InlineData("read", "--tcp", "127.0.0.1:1", "--address", "0", "--type", "float16")]
    [InlineData("read", "--tcp", "127.0.0.1:1", "--address", "0", "--count", "0")]
    [InlineData("scan", "--tcp", "127.0.0.1:1", "--units", "5-2")]
    [InlineData("watch", "--tcp", "127.0.0.1:1", "--address", "0", "--interval", "0")]
    [InlineData("nonsense")]
    public async Task Bad_usage_exits_2_with_a_hint(params string[] args)
    {
        CliRun run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Register_number_of_another_table_is_a_usage_error_that_says_how_to_fix_it()
    {
        CliRun run = await CliRun.RunAsync("read", "--tcp", "127.0.0.1:1", "--table", "input", "--address", "40001");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("30001", run.Error);
    }

    [Fact]
    public async Task Too_many_registers_for_one_read_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync("read", "--tcp", "127.0.0.1:1", "--address", "0", "--type", "float32", "--count", "63");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("125", run.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("read", "--help")]
    [InlineData("scan", "--help")]
    [InlineData("watch", "--help")]
    [InlineData("simulate", "--help")]
    public async Task Help_shows_options_and_examples(params string[] args)
    {
        CliRun run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Examples:", run.Out);
        Assert.Contains("  edgesensors ", run.Out);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
