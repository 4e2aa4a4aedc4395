using System.Net;
using System.Text;
using System.Text.Json;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using EdgeSensors.Simulator;
using static EdgeSensors.Fleet.Tests.Live.LiveTestSteps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// End to end with the real gateway: `edgesensors enroll` and `edgesensors run` (in process) poll the simulated tank
/// farm with a level limit the tank is always above, so the gateway raises the alarm itself; a technician acknowledges
/// it through the fleet API, the gateway's own alarm panel acts on the command and its acknowledged events turn the
/// server's live state acknowledged.
/// </summary>
public sealed class GatewayAckTests(KestrelEnrolmentFleet fleet) : IClassFixture<KestrelEnrolmentFleet>, IDisposable
{
    private const string Tag = "t101-level/pv";
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-gateway-ack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_alarm_raised_by_the_real_gateway_is_acknowledged_from_the_fleet_api()
    {
        string data = Path.Combine(_directory, "data");
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        string token = (await admin.PostOkAsync("/api/enrolment-tokens", new { siteId = await fleet.SiteIdAsync() })).GetProperty("token").GetString()!;
        (int enrolled, string enrolOut, string enrolError) = await CliAsync(CancellationToken.None, "enroll", "--server", fleet.BaseUrl, "--token", token, "--id", "gw-ack-cli", "--data-dir", data);
        Assert.True(enrolled == 0, enrolOut + enrolError);
        Guid registryId = (await admin.GetOkAsync("/api/devices?q=gw-ack-cli")).GetProperty("items")[0].Id();

        await using SimulatorHost simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ProfilesDirectory = Profiles.Loading.ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory),
        });
        string example = await File.ReadAllTextAsync(TankFarmExample());
        string limits = "limits: { hh: 11.5, h: 11, l: 1.2, ll: 0.8 }";
        Assert.Contains(limits, example, StringComparison.Ordinal);
        string config = Path.Combine(_directory, "site.yaml");
        await File.WriteAllTextAsync(config, example.Replace("port: 5020", $"port: {simulator.TcpEndPoint!.Port}", StringComparison.Ordinal)
            .Replace(limits, "limits: { hh: 0.6, h: 0.5, l: 0.2, ll: 0.1 }", StringComparison.Ordinal)); // the simulated tank is 1-11 m full: always above

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Task<(int Code, string Out, string Error)> run = CliAsync(stop.Token, "run", "--config", config, "--data-dir", data, "--seconds", "150");
        try
        {
            using HttpClient technician = fleet.ClientWithToken(fleet.TechnicianToken);
            JsonElement raised = await WaitForLiveAsync(technician, registryId, l => Alarm(l, Tag, "HH") is { } a && !a.GetProperty("acknowledged").GetBoolean() || run.IsCompleted);
            if (run.IsCompleted)
            {
                (int code, string output, string error) = await run;
                Assert.Fail($"the gateway stopped early (exit {code}): {output}{error}");
            }

            Assert.Equal(0.6, Alarm(raised, Tag, "HH")!.Value.GetProperty("limit").GetDouble());
            Assert.Equal("m", Alarm(raised, Tag, "HH")!.Value.GetProperty("unit").GetString()); // the unit the VEGAPULS reports

            JsonElement sent = await technician.PostOkAsync($"/api/devices/{registryId}/alarms/ack", new { tag = Tag }, HttpStatusCode.Accepted);
            Assert.Equal("edgesensors/gw-ack-cli/commands/ack", sent.GetProperty("topic").GetString());

            // The gateway's alarm panel acknowledges every alarm of the tag and reports each one.
            JsonElement acknowledged = await WaitForLiveAsync(technician, registryId, l => Alarm(l, Tag, "HH")?.GetProperty("acknowledged").GetBoolean() == true);
            Assert.Equal("acknowledged", Alarm(acknowledged, Tag, "HH")!.Value.GetProperty("state").GetString());
            JsonElement history = await technician.GetOkAsync($"/api/alarms/history?deviceId={registryId}");
            Assert.Contains(history.GetProperty("items").EnumerateArray(), e => e.GetProperty("tag").GetString() == Tag && e.GetProperty("state").GetString() == "acknowledged");
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // Stopped by the test.
            }
        }
    }

    private static async Task<(int Code, string Out, string Error)> CliAsync(CancellationToken ct, params string[] args)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await using var outWriter = new StringWriter(stdout);
        await using var errorWriter = new StringWriter(stderr);
        int code = await Cli.Program.RunAsync(args, outWriter, errorWriter, ct);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string TankFarmExample()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "gateway", "examples", "tank-farm.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("gateway/examples/tank-farm.yaml not found above " + AppContext.BaseDirectory);
    }
}
