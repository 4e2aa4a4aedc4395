using System.Globalization;
using System.Net;
using System.Text.Json;
using EdgeSensors.Cli;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Cli;

public sealed class ScanAndWatchTests
{
    [Fact]
    public async Task Scan_finds_the_units_present_and_not_the_others()
    {
        var bank = new RegisterBank().AddUnit(2, 10).AddUnit(5, 10);
        bank.SetForcedException(5, ExceptionCode.IllegalDataAddress);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("scan", "--tcp", server.Endpoint, "--units", "1-6", "--timeout", "100", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        JsonElement root = run.Json();
        Assert.Equal(6, root.GetProperty("probes").GetInt32());
        JsonElement[] found = [.. root.GetProperty("found").EnumerateArray()];
        Assert.Equal([2, 5], found.Select(f => f.GetProperty("unit").GetInt32()));
        Assert.Equal("ok", found[0].GetProperty("reply").GetString());
        Assert.Equal("exception 02", found[1].GetProperty("reply").GetString());
    }

    [Fact]
    public async Task Scan_plain_output_lists_units_found()
    {
        var bank = new RegisterBank().AddUnit(3, 10);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("scan", "--tcp", server.Endpoint, "--units", "2-4");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("1 found", run.Out);
        Assert.Single(run.OutLines, l => l.StartsWith("3 ", StringComparison.Ordinal) && l.Contains("tcp://"));
    }

    [Fact]
    public async Task Scan_that_finds_nothing_exits_3()
    {
        var bank = new RegisterBank().AddUnit(10, 10);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("scan", "--tcp", server.Endpoint, "--units", "1-3", "--timeout", "50");

        Assert.True(run.ExitCode == ExitCodes.Timeout, run.ToString());
        Assert.Contains("no unit answered", run.Error);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    public async Task Scan_retries_a_probe_that_went_unanswered_when_asked(int retries, int expectedFound)
    {
        // Each unit misses its first request, as on a noisy line: only a retried probe finds it.
        var bank = new RegisterBank().AddUnit(2, 10).AddUnit(4, 10);
        var handler = new FirstRequestLost(bank);
        var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), handler);
        await server.StartAsync();
        await using (server)
        {
            string endpoint = "127.0.0.1:" + server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);
            CliRun run = await CliRun.RunAsync(
                "scan", "--tcp", endpoint, "--units", "1-4", "--timeout", "300", "--retries", retries.ToString(CultureInfo.InvariantCulture), "--json");

            JsonElement root = run.Json();
            Assert.Equal(expectedFound, root.GetProperty("found").GetArrayLength());
            Assert.Equal(expectedFound > 0 ? ExitCodes.Success : ExitCodes.Timeout, run.ExitCode);
            Assert.Equal(retries == 0 ? 2 : 4, handler.RequestsTo(2) + handler.RequestsTo(4));
        }
    }

    /// <summary>Answers from the bank, except that each unit's first request goes unanswered.</summary>
    private sealed class FirstRequestLost(RegisterBank bank) : IModbusRequestHandler
    {
        private readonly int[] _requests = new int[256];

        public int RequestsTo(byte unit) => Volatile.Read(ref _requests[unit]);

        public async ValueTask<ServerAction> HandleAsync(ServerExchange exchange, CancellationToken ct)
        {
            int seen = Interlocked.Increment(ref _requests[exchange.Unit]);
            ServerAction action = await bank.HandleAsync(exchange, ct);
            return seen == 1 ? ServerAction.NoReply : action;
        }
    }

    [Fact]
    public async Task Watch_with_count_2_and_json_emits_2_lines()
    {
        var bank = new RegisterBank().AddUnit(1, 100);
        bank.SetHolding(1, 0, 11, 22);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("watch", "--tcp", server.Endpoint, "--address", "40001", "--values", "2", "--interval", "20", "--count", "2", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(2, run.OutLines.Count);
        foreach (string line in run.OutLines)
        {
            using JsonDocument poll = JsonDocument.Parse(line);
            Assert.Equal([11, 22], poll.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("value").GetInt32()));
        }
    }

    [Fact]
    public async Task Watch_keeps_polling_through_failures_and_exits_with_the_last_polls_code()
    {
        var bank = new RegisterBank().AddUnit(1, 10);
        await using BankServer server = await BankServer.StartAsync(bank);

        CliRun run = await CliRun.RunAsync("watch", "--tcp", server.Endpoint, "--address", "40020", "--interval", "20", "--count", "3", "--json");

        Assert.True(run.ExitCode == ExitCodes.ModbusException, run.ToString());
        Assert.Equal(3, run.OutLines.Count);
        Assert.Contains("40020", run.Error);
    }
}
