using System.Net;
using System.Text;
using System.Text.Json;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Rollouts.Storage;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using EdgeSensors.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// Server-side config delivery against the real gateway: `edgesensors enroll` then `edgesensors run` (polling the
/// simulator) on the server's embedded broker. A revision submitted through the API is sealed with the device's enrolled
/// key, published retained, applied by the gateway's hot reload and recorded "applied"; one sealed with a wrong key is
/// refused by the gateway and recorded "rejected" with its reason, and the old config keeps running. The consumer also
/// records the gateway's telemetry and its alarm-evaluator heartbeat.
/// </summary>
public sealed class GatewayConfigDeliveryTests(KestrelEnrolmentFleet fleet) : IClassFixture<KestrelEnrolmentFleet>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-delivery-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The gateway may still be closing its queue; a leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task A_revision_reaches_the_running_gateway_sealed_and_is_recorded_applied_and_a_wrong_key_is_recorded_rejected()
    {
        string data = Path.Combine(_directory, "data");
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        string token = (await admin.PostOkAsync("/api/enrolment-tokens", new { siteId = await fleet.SiteIdAsync() })).GetProperty("token").GetString()!;
        (int enrolled, string enrolOut, string enrolError) = await CliAsync(TimeSpan.FromSeconds(60), "enroll", "--server", fleet.BaseUrl, "--token", token, "--id", "gw-deliver-01", "--data-dir", data);
        Assert.True(enrolled == 0, enrolOut + enrolError);
        using JsonDocument identity = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "enrolment.json")));
        Guid registryId = identity.RootElement.GetProperty("registryId").GetGuid();

        await using SimulatorHost simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ProfilesDirectory = Profiles.Loading.ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory),
        });
        string local = ExampleConfig.Text.Replace("port: 5020", $"port: {simulator.TcpEndPoint!.Port}", StringComparison.Ordinal);
        string config = Path.Combine(_directory, "site.yaml");
        await File.WriteAllTextAsync(config, local);
        using var stop = new CancellationTokenSource();
        Task<(int, string, string)> run = CliAsync(TimeSpan.FromSeconds(600), stop.Token, "run", "--config", config, "--data-dir", data);
        try
        {
            using HttpClient engineer = fleet.ClientWithToken(fleet.Alpha.Tokens[FleetRole.Engineer]);
            string first = ExampleConfig.For("gw-deliver-01", local).Replace("deadband: { absolute: 0.5 }", "deadband: { absolute: 0.6 }", StringComparison.Ordinal);
            await engineer.PostOkAsync($"/api/devices/{registryId}/config/revisions", new { parent = 0, message = "wider LEL deadband", body = first });

            JsonElement applied = await WaitDriftAsync(registryId, d => d.GetProperty("state").GetString() == "in_sync");
            Assert.Equal(1, applied.GetProperty("reportedRevision").GetInt32());
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(first))), applied.GetProperty("reportedSha256").GetString());
            Assert.Equal(first, await File.ReadAllTextAsync(config));

            // The server's copy of the key no longer matches the gateway's: what it seals is refused, and the reason recorded.
            await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Set<DeviceCredential>().Where(c => c.DeviceId == registryId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ConfigKey, Enumerable.Repeat((byte)0x5a, 32).ToArray())));
            string second = first.Replace("absolute: 0.6", "absolute: 0.7", StringComparison.Ordinal);
            await engineer.PostOkAsync($"/api/devices/{registryId}/config/revisions", new { parent = 1, message = "sealed with a key the gateway does not have", body = second });

            JsonElement rejected = await WaitDriftAsync(registryId, d => d.GetProperty("state").GetString() == "rejected");
            Assert.Equal(2, rejected.GetProperty("reportedRevision").GetInt32());
            Assert.Equal("rejected", rejected.GetProperty("reportedStatus").GetString());
            Assert.StartsWith("bad signature", rejected.GetProperty("reportedReason").GetString(), StringComparison.Ordinal);
            Assert.Equal(first, await File.ReadAllTextAsync(config));

            // What the rollout health checks read: the last telemetry and the alarm-evaluator heartbeat.
            DeviceActivityRow activity = await WaitActivityAsync(registryId);
            Assert.NotNull(activity.LastTelemetryAt);
            Assert.True(activity.AlarmEvaluations > 0, $"alarm_evaluations {activity.AlarmEvaluations}");
            Assert.NotNull(activity.AlarmHeartbeatAt);
        }
        finally
        {
            await stop.CancelAsync();
            (int code, string output, string error) = await run;
            Assert.True(code == 0, output + error);
        }
    }

    private async Task<JsonElement> WaitDriftAsync(Guid deviceId, Func<JsonElement, bool> done)
    {
        using HttpClient viewer = fleet.ClientWithToken(fleet.Alpha.Tokens[FleetRole.Viewer]);
        DateTime deadline = DateTime.UtcNow.AddSeconds(180);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = (await viewer.GetOkAsync("/api/configs/drift")).GetProperty("devices").EnumerateArray().First(d => d.GetProperty("deviceId").GetGuid() == deviceId);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"device {deviceId} did not reach the expected drift state within 180 s; last: {last}");
    }

    private async Task<DeviceActivityRow> WaitActivityAsync(Guid deviceId)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            DeviceActivityRow? row = await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Set<DeviceActivityRow>().AsNoTracking().FirstOrDefaultAsync(a => a.DeviceId == deviceId));
            if (row is { LastTelemetryAt: not null, AlarmEvaluations: > 0 } || DateTime.UtcNow > deadline)
            {
                return row ?? throw new TimeoutException($"no device activity recorded for {deviceId} within 180 s");
            }

            await Task.Delay(200);
        }
    }

    private static Task<(int Code, string Out, string Error)> CliAsync(TimeSpan timeout, params string[] args) => CliAsync(timeout, CancellationToken.None, args);

    private static async Task<(int Code, string Out, string Error)> CliAsync(TimeSpan timeout, CancellationToken stop, params string[] args)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await using var outWriter = new StringWriter(stdout);
        await using var errorWriter = new StringWriter(stderr);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(timeout);
        int code = await Task.Run(() => Cli.Program.RunAsync(args, outWriter, errorWriter, limit.Token));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
