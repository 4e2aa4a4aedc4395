using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Broker.Mosquitto;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Hosting;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.RolloutBenchmark;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

// Config rollout to N simulated devices: the fleet server (in this process, real Kestrel, real database, embedded
// broker or Mosquitto), N devices each on its own MQTT connection. Times from the rollout's creation (POST /api/rollouts)
// to every device having verified and applied the sealed config, and to the server having recorded every ack
// (the rollout "completed"). Usage: see tests/bench/rollout.sh.
if (args is ["devices", var sliceFile, var sliceFrom, var sliceCount, var slicePort])
{
    return await DeviceProcess.RunAsync(sliceFile, int.Parse(sliceFrom, CultureInfo.InvariantCulture), int.Parse(sliceCount, CultureInfo.InvariantCulture),
        int.Parse(slicePort, CultureInfo.InvariantCulture));
}

var options = Options.Parse(args);
Console.WriteLine($"rollout benchmark: {options.Devices} devices, broker {options.Broker}, database {options.Database}, canary {options.Canary} % then waves {string.Join(", ", options.Waves)} %, soak 0 s");

string? pgDatabase = null;
string connectionString;
string sqliteDirectory = Path.Combine(Path.GetTempPath(), "edgesensors-rollout-bench-" + Guid.NewGuid().ToString("N")[..8]);
if (options.Database == "postgres")
{
    pgDatabase = "es_rollout_bench_" + Guid.NewGuid().ToString("N")[..12];
    await using (var admin = new NpgsqlConnection(options.Postgres))
    {
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    connectionString = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = pgDatabase, MaxPoolSize = 50 }.ConnectionString;
}
else
{
    connectionString = FleetDatabase.SqliteConnectionString(sqliteDirectory);
}

// The devices' credentials, made first: with --dynsec-file they go into Mosquitto's file before it starts.
List<(string Id, string Password, byte[] Key)> credentials = [.. Enumerable.Range(0, options.Devices)
    .Select(i => ($"gw-bench-{i:D5}", DeviceSecret.NewPassword(), RandomNumberGenerator.GetBytes(32)))];
Process? mosquitto = null;
if (options.DynsecFile is not null && options.MosquittoConf is not null)
{
    // Seeding a new broker for an existing fleet: the server's DynamicSecurityFile writes every device's role and
    // client (granting 10,000 through the dynsec API costs O(N^2) in Mosquitto 2.0: it rewrites its file per change).
    var seed = Stopwatch.StartNew();
    var file = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(options.DynsecFile))!;
    DynamicSecurityFile.AddDevices(file, new DeviceTopicPolicy("edgesensors"), credentials.Select(c => (c.Id, c.Password)));
    await File.WriteAllTextAsync(options.DynsecFile, file.ToJsonString());
    mosquitto = Process.Start(new ProcessStartInfo("mosquitto") { ArgumentList = { "-c", options.MosquittoConf }, UseShellExecute = false })
        ?? throw new InvalidOperationException("cannot start mosquitto");
    Process started = mosquitto;
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        // Also when the run fails: the broker this run started does not outlive it.
        if (!started.HasExited)
        {
            started.Kill();
        }
    };
    for (int attempt = 0; ; attempt++)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpClient();
            await probe.ConnectAsync("127.0.0.1", options.MosquittoPort);
            break;
        }
        catch (System.Net.Sockets.SocketException) when (attempt < 600)
        {
            await Task.Delay(100);
        }
    }

    Console.WriteLine($"wrote {credentials.Count} devices into Mosquitto's dynamic-security.json and started it in {seed.Elapsed.TotalSeconds:0.0} s");
}

var settings = new Dictionary<string, string?>
{
    ["Fleet:Database:Provider"] = options.Database == "postgres" ? "PostgreSQL" : "Sqlite",
    ["ConnectionStrings:Fleet"] = connectionString,
    ["Fleet:Auth:BootstrapOnStart"] = "false",
    ["Fleet:Rollouts:StepIntervalMs"] = "500",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Fleet:Broker:BindAddress"] = "127.0.0.1",
    ["Fleet:Broker:Port"] = options.Broker == "embedded" ? "0" : options.MosquittoPort.ToString(CultureInfo.InvariantCulture),
    ["Fleet:Broker:Mode"] = options.Broker == "embedded" ? "Embedded" : "External",
    ["Fleet:Broker:InternalPassword"] = options.InternalPassword,
};
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(settings);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddFleetServices();
WebApplication app = builder.Build();
app.UseFleetPipeline();
app.MapFleetEndpoints();
await app.PrepareDatabaseAsync();
await app.StartAsync();
string baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
int brokerPort = options.Broker == "embedded" ? app.Services.GetRequiredService<EmbeddedFleetBroker>().Port : options.MosquittoPort;

var setup = Stopwatch.StartNew();
(string token, Guid siteId, List<(string Id, string Password, byte[] Key)> devices) = await SeedAsync(app.Services, credentials);
Console.WriteLine($"seeded {devices.Count} enrolled devices in {setup.Elapsed.TotalSeconds:0.0} s");
if (options.Broker != "embedded" && mosquitto is null)
{
    var access = app.Services.GetRequiredService<IDeviceAccessControl>();
    setup.Restart();
    // The server's own bulk path (what enrolment uses one device at a time): role with ACLs and client, many devices per dynsec request.
    await access.GrantManyAsync([.. devices.Select(d => (d.Id, d.Password))], CancellationToken.None);
    Console.WriteLine($"granted {devices.Count} Mosquitto dynsec clients in {setup.Elapsed.TotalSeconds:0.0} s");
}

// The devices live in child processes of at most DevicesPerProcess each (file descriptor limit per process).
string deviceFile = Path.Combine(Path.GetTempPath(), "edgesensors-rollout-bench-devices-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
await File.WriteAllLinesAsync(deviceFile, devices.Select(d => $"{d.Id} {d.Password} {Convert.ToHexStringLower(d.Key)}"));
setup.Restart();
var children = new List<Process>();
for (int from = 0; from < devices.Count; from += Options.DevicesPerProcess)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
    foreach (string a in (string[])[System.Reflection.Assembly.GetEntryAssembly()!.Location, "devices", deviceFile, from.ToString(CultureInfo.InvariantCulture),
        Math.Min(Options.DevicesPerProcess, devices.Count - from).ToString(CultureInfo.InvariantCulture), brokerPort.ToString(CultureInfo.InvariantCulture)])
    {
        start.ArgumentList.Add(a);
    }

    children.Add(Process.Start(start) ?? throw new InvalidOperationException("cannot start a device process"));
}

foreach (Process child in children)
{
    string? ready = await child.StandardOutput.ReadLineAsync();
    if (ready is null || !ready.StartsWith("READY", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"a device process failed to connect its devices: {ready} {await child.StandardOutput.ReadToEndAsync()}");
        return 1;
    }
}

Console.WriteLine($"connected {devices.Count} device MQTT clients in {children.Count} processes in {setup.Elapsed.TotalSeconds:0.0} s");
var clock = new BenchClock();
using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
double startedMs = clock.ElapsedMs;
using HttpResponseMessage created = await http.PostAsJsonAsync("/api/rollouts", new
{
    name = "bench",
    message = "benchmark rollout",
    body = Bodies.Template,
    siteId,
    canaryPercent = options.Canary,
    waves = options.Waves,
    soakSeconds = 0,
    staleFactor = 100,
    heartbeatTimeoutSeconds = 86_400,
});
string answer = await created.Content.ReadAsStringAsync();
if (!created.IsSuccessStatusCode)
{
    Console.Error.WriteLine($"creating the rollout failed: {(int)created.StatusCode} {answer}");
    return 1;
}

Guid rolloutId = JsonDocument.Parse(answer).RootElement.GetProperty("rollout").GetProperty("id").GetGuid();
double completedMs = 0;
string status = "running";
string? haltReason = null;
while (clock.ElapsedMs - startedMs < options.TimeoutSeconds * 1000.0)
{
    JsonElement list = await http.GetFromJsonAsync<JsonElement>("/api/rollouts");
    JsonElement rollout = list.EnumerateArray().First(r => r.GetProperty("id").GetGuid() == rolloutId);
    status = rollout.GetProperty("status").GetString()!;
    if (status != "running")
    {
        completedMs = clock.ElapsedMs - startedMs;
        haltReason = rollout.GetProperty("haltReason").GetString();
        break;
    }

    await Task.Delay(250);
}

if (status == "running")
{
    // Where it stands: the server's count per drift state of the devices taken in, and its wave.
    JsonElement detail = await http.GetFromJsonAsync<JsonElement>($"/api/rollouts/{rolloutId}");
    Console.WriteLine($"server view at the end: wave {detail.GetProperty("rollout").GetProperty("wave")}, devices taken in {detail.GetProperty("devices").GetArrayLength()}, per drift state {detail.GetProperty("summary")}");
}

var applyTimes = new List<double>();
int rejected = 0;
double deviceCpuSeconds = 0;
foreach (Process child in children)
{
    child.StandardInput.Close();
    string? line;
    while ((line = await child.StandardOutput.ReadLineAsync()) is not null)
    {
        if (line.StartsWith("APPLIED ", StringComparison.Ordinal))
        {
            applyTimes.AddRange(line[8..].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture)));
        }
        else if (line.StartsWith("REJECTED ", StringComparison.Ordinal))
        {
            rejected += int.Parse(line[9..], CultureInfo.InvariantCulture);
        }
        else if (line.StartsWith("REPORTFAILED ", StringComparison.Ordinal))
        {
            Console.WriteLine("devices whose report could not be published: " + line[13..]);
        }
        else if (line.StartsWith("CPU ", StringComparison.Ordinal))
        {
            deviceCpuSeconds += double.Parse(line[4..], CultureInfo.InvariantCulture);
        }
    }

    await child.WaitForExitAsync();
}

File.Delete(deviceFile);
double[] latencies = [.. applyTimes.Where(t => t > 0).Select(t => t - startedMs).Order()];
int appliedCount = latencies.Length;
string P(double q) => latencies.Length == 0 ? "-" : (latencies[(int)Math.Min(latencies.Length - 1, Math.Floor(q * latencies.Length))] / 1000).ToString("0.00", CultureInfo.InvariantCulture);
Console.WriteLine($"devices applied: {appliedCount} of {devices.Count}; rejected: {rejected}");
Console.WriteLine($"apply time after creation (s): p50 {P(0.5)}, p90 {P(0.9)}, p99 {P(0.99)}, last {(latencies.Length == 0 ? "-" : (latencies[^1] / 1000).ToString("0.00", CultureInfo.InvariantCulture))}");
Console.WriteLine($"every device applied (device side): {(appliedCount == devices.Count ? (latencies[^1] / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s" : "NOT within the run")}");
Console.WriteLine($"rollout {status} (server recorded every ack): {(completedMs > 0 ? (completedMs / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s" : "NOT within " + options.TimeoutSeconds + " s")}{(haltReason is null ? string.Empty : " halt: " + haltReason)}");
Console.WriteLine($"server process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
Console.WriteLine($"CPU time (whole run, set-up included): server process (server + embedded broker) {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0.0} s, device processes {deviceCpuSeconds:0.0} s");
bool met = status == "completed" && completedMs > 0 && completedMs <= 60_000;
Console.WriteLine($"target (all {options.Devices} acknowledged within 60 s): {(met ? "met" : "NOT met")}");

await app.StopAsync();
await app.DisposeAsync();
if (pgDatabase is not null)
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(options.Postgres);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
}
else
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(sqliteDirectory, recursive: true);
}

if (mosquitto is not null)
{
    mosquitto.Kill();
    await mosquitto.WaitForExitAsync();
}

return status == "completed" ? 0 : 2;

// Tenant, admin API key, site, and N enrolled gateways written straight into the database, as N enrolments would leave
// them (device row + credential with a random password and config key); enrolment itself is not what is measured.
static async Task<(string Token, Guid SiteId, List<(string Id, string Password, byte[] Key)> Devices)> SeedAsync(IServiceProvider services, List<(string Id, string Password, byte[] Key)> credentials)
{
    using IServiceScope scope = services.CreateScope();
    scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
    scope.ServiceProvider.GetRequiredService<Caller>().Set("bench:seed");
    Accounts accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
    Tenant tenant = await accounts.CreateTenantAsync("bench");
    (_, string token) = await accounts.CreateApiKeyAsync(tenant.Id, "bench", FleetRole.Admin, null, "bench");
    FleetDbContext db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
    DateTime now = DateTime.UtcNow;
    var site = new Site { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Bench farm", CreatedAt = now, UpdatedAt = now };
    db.Sites.Add(site);
    await db.SaveChangesAsync();
    var devices = new List<(string, string, byte[])>(credentials.Count);
    for (int i = 0; i < credentials.Count; i++)
    {
        (string id, string password, byte[] key) = credentials[i];
        var device = new Device { Id = Guid.NewGuid(), TenantId = tenant.Id, SiteId = site.Id, Name = id, Kind = DeviceKind.Gateway, CreatedAt = now, UpdatedAt = now };
        db.Devices.Add(device);
        db.Add(new DeviceCredential { DeviceId = device.Id, TenantId = tenant.Id, Username = id, PasswordHash = DeviceSecret.Hash(password), ConfigKey = key, Generation = 1, IssuedAt = now });
        devices.Add((id, password, key));
        if (i % 1000 == 999)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    await db.SaveChangesAsync();
    return (token, site.Id, devices);
}

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record Options(int Devices, string Broker, int MosquittoPort, string? InternalPassword, string Database, string Postgres, int Canary, int[] Waves, int TimeoutSeconds,
    string? DynsecFile, string? MosquittoConf)
{
    /// <summary>Simulated devices per child process: each holds one socket per device, under the 20,000 descriptors a process may open here.</summary>
    public const int DevicesPerProcess = 2500;

    public static Options Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string key, string fallback) => map.TryGetValue(key, out string? value) ? value : fallback;
        return new Options(
            int.Parse(Get("devices", "10000"), CultureInfo.InvariantCulture),
            Get("broker", "embedded"),
            int.Parse(Get("mosquitto-port", "1883"), CultureInfo.InvariantCulture),
            map.GetValueOrDefault("internal-password"),
            Get("database", "sqlite"),
            Get("postgres", Environment.GetEnvironmentVariable("EDGESENSORS_TEST_PG") ?? string.Empty),
            int.Parse(Get("canary", "1"), CultureInfo.InvariantCulture),
            [.. Get("waves", "100").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))],
            int.Parse(Get("timeout", "180"), CultureInfo.InvariantCulture),
            map.GetValueOrDefault("dynsec-file"),
            map.GetValueOrDefault("mosquitto-conf"));
    }
}

/// <summary>The config the benchmark rolls out: one Modbus TCP bus, one gas detector with the GB/T 50493 preset.</summary>
internal static class Bodies
{
    public const string Template = """
        gateway:
          id: bench
          site: Benchmark farm
        buses:
          - name: sim
            type: tcp
            host: 127.0.0.1
            port: 5020
            timeout_ms: 500
            retries: 1
        devices:
          - name: t101-lel
            bus: sim
            profile: pemtech-pt495
            unit_id: 1
            poll_interval_s: 1
            tags:
              - name: concentration
                deadband: { absolute: 0.5 }
                heartbeat_s: 30
                alarms:
                  preset: combustible_gas

        """;
}
