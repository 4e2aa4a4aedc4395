using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Simulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Enrolment;

/// <summary>What the server's MQTT consumer handed to its handlers, for the tests.</summary>
public sealed class ConsumedMessages
{
    public ConcurrentQueue<DeviceMessage> Messages { get; } = new();
}

/// <summary>Records every consumed message (registered beside the server's own handlers).</summary>
internal sealed class RecordingHandler(ConsumedMessages consumed) : IDeviceMessageHandler
{
    public Task HandleAsync(DeviceMessage message, CancellationToken ct)
    {
        consumed.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>The fleet server on a real loopback port, so the gateway CLI reaches it over HTTP like in the field.</summary>
public sealed class KestrelEnrolmentFleet() : EnrolmentFleet(DatabaseProvider.Sqlite)
{
    public ConsumedMessages Consumed { get; } = new();

    /// <summary>http://127.0.0.1:PORT/ of the running server.</summary>
    public string BaseUrl => Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        .Replace("localhost", "127.0.0.1", StringComparison.Ordinal).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/";

    protected override bool UsesKestrel => true;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Consumed);
        services.AddScoped<IDeviceMessageHandler, RecordingHandler>();
    }
}

/// <summary>
/// `edgesensors enroll` against a real fleet server, then `edgesensors run` reporting the simulated tank farm with the
/// stored credentials to the server's embedded broker, where the server's consumer receives its telemetry.
/// </summary>
public sealed class GatewayEnrollTests(KestrelEnrolmentFleet fleet) : IClassFixture<KestrelEnrolmentFleet>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-enroll-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Enroll_stores_the_identity_privately_and_run_reports_telemetry_the_server_consumes()
    {
        string data = Path.Combine(_directory, "data");
        string token = await CreateTokenAsync();

        (int enrolled, string enrolOut, string enrolError) = await CliAsync("enroll", "--server", fleet.BaseUrl, "--token", token, "--id", "gw-cli-01", "--serial", "PI-0042", "--data-dir", data);

        Assert.True(enrolled == 0, enrolOut + enrolError);
        string file = Path.Combine(data, "enrolment.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using JsonDocument stored = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        string password = stored.RootElement.GetProperty("password").GetString()!;
        Assert.Equal("gw-cli-01", stored.RootElement.GetProperty("deviceId").GetString());
        byte[] configKey = Convert.FromBase64String(stored.RootElement.GetProperty("configKey").GetString()!);
        Assert.Equal(32, configKey.Length);

        // The same key, in the form upstream.config_key_file reads, so fleet-sealed configs verify after enrolment.
        string keyFile = Path.Combine(data, "config.key");
        Assert.Equal(configKey, global::EdgeSensors.Gateway.Configuration.Remote.ConfigKeyFile.Read(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
        Assert.DoesNotContain(password, enrolOut + enrolError, StringComparison.Ordinal);
        Assert.Contains("gw-cli-01", enrolOut, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(data, "*.tmp*"));

        await using SimulatorHost simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ProfilesDirectory = Profiles.Loading.ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory),
        });
        string config = Path.Combine(_directory, "site.yaml");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(TankFarmExample())).Replace("port: 5020", $"port: {simulator.TcpEndPoint!.Port}", StringComparison.Ordinal));

        (int ran, string runOut, string runError) = await CliAsync("run", "--config", config, "--data-dir", data, "--seconds", "8");

        Assert.True(ran == 0, runOut + runError);
        Assert.Contains("reporting as gw-cli-01", runOut, StringComparison.Ordinal);
        DeviceMessage telemetry = Assert.Single(fleet.Consumed.Messages.Where(m => m.DeviceId == "gw-cli-01" && m.Kind == "telemetry").Take(1));
        using JsonDocument batch = JsonDocument.Parse(telemetry.Payload);
        Assert.Equal("gw-cli-01", batch.RootElement.GetProperty("source").GetString());
        Assert.NotEmpty(batch.RootElement.GetProperty("readings").EnumerateArray());
        DateTime? lastSeen = await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Devices.AsNoTracking()
            .Where(d => d.Name == "gw-cli-01").Select(d => d.LastSeenAt).SingleAsync());
        Assert.NotNull(lastSeen);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_with_the_servers_reason_and_nothing_is_stored()
    {
        string data = Path.Combine(_directory, "bad-token");

        (int code, string output, string error) = await CliAsync("enroll", "--server", fleet.BaseUrl, "--token", "esen_wrong", "--data-dir", data);

        Assert.Equal(8, code);
        Assert.Contains("Unknown enrolment token", error, StringComparison.Ordinal);
        Assert.Contains(fleet.BaseUrl, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "enrolment.json")), output);
    }

    [Fact]
    public async Task An_expired_token_says_so()
    {
        string token = await CreateTokenAsync();
        await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Set<EnrolmentToken>()
            .Where(t => t.TokenHash == global::EdgeSensors.Fleet.Identity.BearerTokens.Hash(token))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));

        (int code, _, string error) = await CliAsync("enroll", "--server", fleet.BaseUrl, "--token", token, "--data-dir", Path.Combine(_directory, "late"));

        Assert.Equal(8, code);
        Assert.Contains("expired", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_with_the_fix()
    {
        (int code, _, string error) = await CliAsync("enroll", "--server", "http://127.0.0.1:9", "--token", "esen_x", "--data-dir", Path.Combine(_directory, "offline"));

        Assert.Equal(6, code);
        Assert.Contains("cannot reach the fleet server at http://127.0.0.1:9/", error, StringComparison.Ordinal);
        Assert.Contains("fix:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_options_and_an_example()
    {
        (int code, string output, _) = await CliAsync("enroll", "--help");

        Assert.Equal(0, code);
        Assert.All(["--server", "--token", "--data-dir", "--id", "edgesensors enroll --server"], text => Assert.Contains(text, output, StringComparison.Ordinal));
    }

    private async Task<string> CreateTokenAsync()
    {
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        using HttpResponseMessage response = await admin.PostAsJsonAsync("/api/enrolment-tokens", new { siteId = await fleet.SiteIdAsync() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task<(int Code, string Out, string Error)> CliAsync(params string[] args)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var outWriter = new StringWriter(stdout);
        using var errorWriter = new StringWriter(stderr);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int code = await Cli.Program.RunAsync(args, outWriter, errorWriter, timeout.Token);
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
