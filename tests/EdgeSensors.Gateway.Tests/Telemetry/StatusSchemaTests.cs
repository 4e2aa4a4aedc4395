using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Simulator;
using Json.Schema;

namespace EdgeSensors.Gateway.Tests.Telemetry;

/// <summary>
/// docs/status.schema.json freezes the gateway's status document: what a running gateway really writes validates,
/// the schema refuses what a consumer could not rely on, and its enumerations are the code's.
/// </summary>
public sealed class StatusSchemaTests : IAsyncLifetime
{
    private const string SchemaId = "https://edgesensors.invalid/schemas/status.schema.json";
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Telemetry", "status.schema.json");
    private static readonly BuildOptions Build = new() { SchemaRegistry = new SchemaRegistry() };
    private static readonly JsonSchema Root = JsonSchema.FromText(File.ReadAllText(SchemaPath), Build);
    private static readonly JsonSchema Online = JsonSchema.FromText("{\"$ref\":\"" + SchemaId + "#/$defs/online\"}", Build);

    private readonly string _data = Directory.CreateTempSubdirectory("edgesensors-status-").FullName;
    private SimulatorHost _simulator = null!;
    private string _live = string.Empty;

    public async Task InitializeAsync()
    {
        _simulator = await TestSimulator.StartAsync();
        SiteConfig config = TestSimulator.ExampleConfig(_simulator);

        await using var broker = await EmbeddedBroker.StartAsync(port: 0);
        await using GatewayRuntime runtime = GatewayRuntime.Start(config, _data, broker.Uri);
        await Eventually.WaitUntilAsync(() => runtime.Polls > 2 && runtime.AlarmEvaluations > 2, 30);
        _live = System.Text.Encoding.UTF8.GetString(GatewayStatus.Online(runtime));
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public void What_a_running_gateway_writes_validates_with_every_device_and_the_alarm_heartbeat()
    {
        AssertValid(Online, _live);
        AssertValid(Root, _live);
        using JsonDocument document = JsonDocument.Parse(_live);
        Assert.NotEqual(0, document.RootElement.GetProperty("devices").GetArrayLength());
        Assert.True(document.RootElement.GetProperty("alarm_evaluated_ms").GetInt64() > 0);
        Assert.True(document.RootElement.TryGetProperty("readings_published", out _), "a gateway with a broker reports its publish counters");
    }

    [Fact]
    public void The_last_will_validates_and_is_not_an_online_status()
    {
        string offline = System.Text.Encoding.UTF8.GetString(GatewayStatus.Offline("gw-tankfarm-01"));

        AssertValid(Root, offline);
        Assert.False(Evaluate(Online, offline).IsValid);
    }

    public static TheoryData<string, Action<JsonObject>> OptionalMembers() => new()
    {
        { "exception counts by hex code", s => Device(s)["exceptions"] = new JsonObject { ["0B"] = 3, ["02"] = 1 } },
        { "a device's last failure", s => Device(s)["last_failure"] = "unit 1 register 40001: timeout after 1000 ms" },
        { "an alarm-state save failure", s => s["alarm_state_last_save_failure"] = "disk full" },
        { "an active alarm", s => Array(s, "active_alarms").Add(new JsonObject { ["tag"] = "t101-lel/concentration", ["active"] = "H, HH", ["unacknowledged"] = "HH" }) },
        { "a new drop reason", s => Queue(s)["drops"]!.AsObject()["refused"] = new JsonObject { ["readings"] = 1, ["alarms"] = 0 } },
        { "an empty queue's null age", s => Queue(s)["oldest_age_s"] = null },
        { "no CPU sensor", s => s["host"]!["cpu_temperature_c"] = null },
        { "a CPU temperature", s => s["host"]!["cpu_temperature_c"] = 48.3 },
        { "no broker configured", s => Remove(s, "readings_published", "alarms_published", "failed_publishes", "broker_connected") },
        { "a refused publish", s => s["broker_last_error"] = "broker refused publish to edgesensors/gw-1/telemetry: NotAuthorized" },
    };

    [Theory]
    [MemberData(nameof(OptionalMembers))]
    public void Optional_and_open_members_are_accepted(string name, Action<JsonObject> change)
    {
        JsonObject status = JsonNode.Parse(_live)!.AsObject();
        change(status);

        EvaluationResults result = Evaluate(Online, status.ToJsonString());
        Assert.True(result.IsValid, name + ": " + Describe(result));
    }

    public static TheoryData<string, Action<JsonObject>> Refused() => new()
    {
        { "missing alarm heartbeat", s => Remove(s, "alarm_evaluated_ms") },
        { "missing queue depth", s => Queue(s).Remove("depth") },
        { "an undeclared member", s => s["sauce"] = 1 },
        { "an undeclared device member", s => Device(s)["colour"] = "red" },
        { "a negative counter", s => s["polls"] = -1 },
        { "uptime as text", s => s["uptime_s"] = "12" },
        { "an unknown queue health", s => Queue(s)["health"] = "Sad" },
        { "a decimal exception code", s => Device(s)["exceptions"] = new JsonObject { ["b"] = 1 } },
        { "a drop count without alarms", s => Queue(s)["drops"]!.AsObject()["age"] = new JsonObject { ["readings"] = 1 } },
        { "a gateway id with a slash", s => s["gateway"] = "gw/1" },
        { "state offline with online members", s => s["state"] = "offline" },
        { "broker connection as text", s => s["broker_connected"] = "yes" },
        { "output state as text", s => Array(s, "outputs").Add(new JsonObject { ["name"] = "beacon", ["on"] = "yes" }) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void What_a_consumer_could_not_rely_on_is_refused(string name, Action<JsonObject> change)
    {
        JsonObject status = JsonNode.Parse(_live)!.AsObject();
        change(status);

        Assert.False(Evaluate(Root, status.ToJsonString()).IsValid, name + ": the schema accepted it");
    }

    [Fact]
    public void The_schemas_enumerations_are_the_codes()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        JsonElement queue = schema.RootElement.GetProperty("$defs").GetProperty("queue").GetProperty("properties");

        Assert.Equal(Enum.GetNames<StoreCondition>(), queue.GetProperty("health").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        using JsonDocument live = JsonDocument.Parse(_live);
        Assert.Equal(
            Enum.GetValues<DropReason>().Select(DropCounts.ReasonName).Order(),
            live.RootElement.GetProperty("queue").GetProperty("drops").EnumerateObject().Select(p => p.Name).Order());
    }

    private static JsonObject Device(JsonObject status) => status["devices"]!.AsArray()[0]!.AsObject();

    private static JsonObject Queue(JsonObject status) => status["queue"]!.AsObject();

    private static JsonArray Array(JsonObject status, string name) => status[name]!.AsArray();

    private static JsonObject Remove(JsonObject status, params string[] names)
    {
        foreach (string name in names)
        {
            Assert.True(status.Remove(name), name + " was not in the live status");
        }

        return status;
    }

    private static void AssertValid(JsonSchema schema, string json)
    {
        EvaluationResults result = Evaluate(schema, json);
        Assert.True(result.IsValid, json + Environment.NewLine + Describe(result));
    }

    private static EvaluationResults Evaluate(JsonSchema schema, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Key + " " + e.Value)));
}
