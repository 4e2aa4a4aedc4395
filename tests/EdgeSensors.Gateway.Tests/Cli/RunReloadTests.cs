using System.Text.Json;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Simulator;

namespace EdgeSensors.Gateway.Tests.Cli;

/// <summary>`edgesensors run` with hot reload: a broken edit is rejected and the gateway keeps polling; a valid edit is applied.</summary>
public sealed class RunReloadTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-run-").FullName;
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await TestSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_broken_edit_is_rejected_with_its_error_and_a_valid_edit_is_applied_while_polling_goes_on()
    {
        string config = Path.Combine(_directory, "site.yaml");
        string data = Path.Combine(_directory, "data");
        string valid = TestSimulator.ExampleConfigText(_simulator);
        await File.WriteAllTextAsync(config, valid);

        // The broker on port 9 does not exist: the WAN is down, which must not matter to polling or reloads.
        Task<CliRun> run = CliRun.RunAsync("run", "--config", config, "--data-dir", data, "--broker", "mqtt://127.0.0.1:9", "--seconds", "12");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await File.WriteAllTextAsync(config, valid.Replace("unit_id: 5", "unit_id: 500", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        long pollsBeforeValidEdit = Polls(data);
        await File.WriteAllTextAsync(config, valid.Replace("gateway:\n  id: tank-farm-sim", "gateway:\n  id: tank-farm-renamed", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(config, DateTime.UtcNow.AddSeconds(2));
        CliRun result = await run;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("config reload rejected", result.Out, StringComparison.Ordinal);
        Assert.Contains("unit_id", result.Out, StringComparison.Ordinal);
        Assert.Contains("config reloaded", result.Out, StringComparison.Ordinal);
        Assert.True(pollsBeforeValidEdit > 0, "the gateway kept polling with the old config after the rejected edit");
        using JsonDocument status = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "status.json")));
        Assert.Equal("tank-farm-renamed", status.RootElement.GetProperty("gateway").GetString());
    }

    private static long Polls(string data)
    {
        using JsonDocument status = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "status.json")));
        return status.RootElement.GetProperty("polls").GetInt64();
    }
}
