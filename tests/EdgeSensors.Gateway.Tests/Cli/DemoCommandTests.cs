using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace EdgeSensors.Gateway.Tests.Cli;

/// <summary>`edgesensors demo`, the README's main job: simulator and poller in one process, over real Modbus TCP.</summary>
public class DemoCommandTests
{
    [Fact]
    public async Task Demo_polls_all_six_instruments_with_values_in_range_and_units()
    {
        CliRun run = await CliRun.RunAsync("demo", "--tcp-port", "0", "--count", "5", "--interval", "500", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(5, run.OutLines.Count);
        using JsonDocument last = JsonDocument.Parse(run.OutLines[4]);
        Assert.Equal(5, last.RootElement.GetProperty("cycle").GetInt32());

        // The gateway pipeline ran too: readings went through the SQLite queue and the embedded broker to the backend.
        string gateway = last.RootElement.GetProperty("gateway").GetString()!;
        var received = System.Text.RegularExpressions.Regex.Match(gateway, @"backend received (\d+) readings");
        Assert.True(received.Success && int.Parse(received.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, gateway);
        Assert.Contains("seq gaps 0", gateway, StringComparison.Ordinal);
        Assert.Contains("drops 0", gateway, StringComparison.Ordinal);
        JsonElement[] instruments = [.. last.RootElement.GetProperty("instruments").EnumerateArray()];
        Assert.Equal([1, 2, 3, 4, 5, 6], instruments.Select(i => i.GetProperty("unit").GetInt32()));
        Assert.All(instruments, i => Assert.True(i.GetProperty("ok").GetBoolean(), i.ToString()));

        // Expected units and plausible ranges of the default farm (DefaultFarm.cs): gas near zero outside a leak,
        // tank T-101 between 1 and 11 m, line pressure near 6 bar, tank pressure near 3.5 kPa.
        var expected = new Dictionary<int, (string Unit, double Min, double Max)>
        {
            [1] = ("%LEL", 0, 100),
            [2] = ("ppm", 0, 100),
            [3] = ("%LEL", 0, 100),
            [4] = ("m", 0.9, 11.1),
            [5] = ("bar", 4, 8),
            [6] = ("kPa", 0, 20),
        };
        foreach (JsonElement instrument in instruments)
        {
            (string unit, double min, double max) = expected[instrument.GetProperty("unit").GetInt32()];
            Assert.Equal(unit, instrument.GetProperty("unitOfMeasure").GetString());
            Assert.InRange(instrument.GetProperty("value").GetDouble(), min, max);
        }
    }

    [Fact]
    public async Task Demo_on_a_taken_port_fails_with_the_fix()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        CliRun run = await CliRun.RunAsync("demo", "--tcp-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--count", "1");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("in use", run.Error, StringComparison.Ordinal);
        Assert.Contains("--tcp-port 0", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_plain_output_shows_every_instrument_with_its_unit()
    {
        CliRun run = await CliRun.RunAsync("demo", "--tcp-port", "0", "--count", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("6/6 instruments answered", run.Out, StringComparison.Ordinal);
        foreach (string text in new[] { "pemtech-pt495", "sierra-monitor-5100", "vegapuls-c21", "keller-series30", "generic-rs485-transmitter", "%LEL", "ppm", " m ", "bar", "kPa" })
        {
            Assert.Contains(text, run.Out, StringComparison.Ordinal);
        }
    }
}
