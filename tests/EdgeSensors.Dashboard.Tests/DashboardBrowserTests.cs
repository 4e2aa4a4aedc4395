using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace EdgeSensors.Dashboard.Tests;

/// <summary>
/// The dashboard end to end: the server is seeded through its API (site, tank, viewer, enrolment token, a gateway
/// enrolled with the real enrolment API, a rollout), the gateway publishes telemetry and an alarm over MQTT with its
/// own credentials, and Browser/dashboard.mjs checks in headless Chromium what a user sees: sign-in errors, the
/// fleet tree, the live readings (value and unit) and the alarm on the device page, rollouts pause/resume, enrolment
/// tokens, and that a viewer gets no controls it may not use.
/// </summary>
public sealed class DashboardBrowserTests(DashboardServer server, ITestOutputHelper output) : IClassFixture<DashboardServer>
{
    private const string DeviceName = "gw-north-01";
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task A_user_sees_live_readings_and_alarms_and_a_viewer_sees_no_admin_controls()
    {
        BrowserTools.Require();
        string adminToken = await server.SignInAsync(DashboardServer.AdminUser, DashboardServer.AdminPassword);
        using HttpClient admin = server.Client(adminToken);
        Guid siteId = (await PostAsync(admin, "/api/sites", new { name = "North tank farm", description = "Level-1 tank area" })).GetProperty("id").GetGuid();
        Guid tankId = (await PostAsync(admin, "/api/areas", new { siteId, name = "TK-101", kind = "tank", overfillLevel = 11.0, overfillLevelUnit = "m" })).GetProperty("id").GetGuid();
        const string ViewerPassword = "dashboard-viewer-0123";
        await PostAsync(admin, "/api/users", new { userName = "viewer-1", role = "viewer", password = ViewerPassword });

        // The gateway enrols with a token, as `edgesensors enroll` does, and is moved into the tank's area.
        string token = (await PostAsync(admin, "/api/enrolment-tokens", new { siteId, maxUses = 1 })).GetProperty("token").GetString()!;
        using HttpClient anonymous = server.Client();
        JsonElement enrolled = await PostAsync(anonymous, "/api/enrol", new { token, kind = "gateway", requestedId = DeviceName, serialNumber = "SN-0042", firmwareVersion = "fw-3.4", softwareVersion = "sw-5.6" }, HttpStatusCode.OK);
        Guid registryId = enrolled.GetProperty("registryId").GetGuid();
        JsonElement device = JsonDocument.Parse(await admin.GetStringAsync($"/api/devices/{registryId}")).RootElement;
        using (var move = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{registryId}")
        {
            Content = JsonContent.Create(new { siteId, areaId = tankId, name = DeviceName, kind = "gateway", serialNumber = "SN-0042" }),
        })
        {
            move.Headers.TryAddWithoutValidation("If-Match", $"\"{device.GetProperty("version").GetInt32()}\"");
            using HttpResponseMessage moved = await admin.SendAsync(move);
            Assert.True(moved.IsSuccessStatusCode, $"moving the device into the tank: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
        }

        // A rollout to show on the rollouts page; its long soak and timeouts keep it running for the whole test.
        await PostAsync(admin, "/api/rollouts", new
        {
            name = "dashboard-rollout",
            message = "deadband 0.7 on the LEL detector",
            body = GatewayConfig(),
            siteId,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 3600,
            staleFactor = 100,
            heartbeatTimeoutSeconds = 3600,
        });

        // A node rollout from a stored template (no node in the site, so it stays running): the page shows kind and template.
        JsonElement nodeTemplate = await PostAsync(admin, "/api/config-templates", new
        {
            name = "LEL nodes",
            kind = "node",
            body = """{"node":"template-node","devices":[{"name":"t101-lel","unit":1,"tags":[{"name":"concentration","register":40001,"scale":0.1,"unit":"%LEL","alarms":{"h":25,"hh":50}}]}]}""",
        });
        await PostAsync(admin, "/api/rollouts", new
        {
            name = "dashboard-node-rollout",
            message = "the LEL nodes' template",
            kind = "node",
            templateId = nodeTemplate.GetProperty("id").GetGuid(),
            siteId,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 3600,
            staleFactor = 100,
            heartbeatTimeoutSeconds = 3600,
        });

        JsonElement mqtt = enrolled.GetProperty("mqtt");
        using IMqttClient gateway = await ConnectAsync(enrolled.GetProperty("deviceId").GetString()!, mqtt.GetProperty("username").GetString()!, mqtt.GetProperty("password").GetString()!);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await PublishAsync(gateway, "telemetry", Batch(("tk101.temperature", -3.5, "°C", SignalQuality.Good, now - 1000, 100UL)));

        string screenshot = Environment.GetEnvironmentVariable("EDGESENSORS_DASHBOARD_SCREENSHOT") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "dashboard-device-page.png");
        File.Delete(screenshot);
        var lines = new StringBuilder();
        using Process browser = StartBrowser(new Dictionary<string, string>
        {
            ["DASHBOARD_URL"] = server.BaseUrl,
            ["CHROMIUM"] = BrowserTools.Chromium,
            ["ADMIN_USER"] = DashboardServer.AdminUser,
            ["ADMIN_PASSWORD"] = DashboardServer.AdminPassword,
            ["VIEWER_USER"] = "viewer-1",
            ["VIEWER_PASSWORD"] = ViewerPassword,
            ["DEVICE_REGISTRY_ID"] = registryId.ToString(),
            ["DEVICE_NAME"] = DeviceName,
            ["SCREENSHOT"] = screenshot,
            ["MORE_SCREENSHOTS"] = Environment.GetEnvironmentVariable("EDGESENSORS_DASHBOARD_MORE_SCREENSHOTS") ?? "",
        });
        try
        {
            using var deadline = new CancellationTokenSource(BrowserTimeout);
            Task<string> errors = browser.StandardError.ReadToEndAsync(deadline.Token);
            string? line;
            while ((line = await browser.StandardOutput.ReadLineAsync(deadline.Token)) is not null)
            {
                lines.AppendLine(line);
                output.WriteLine(line);
                if (line == "READY device-page")
                {
                    // Published while the page is open: it must appear without a reload.
                    now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    await PublishAsync(gateway, "telemetry", Batch(
                        ("tk101.level", 7.25, "m", SignalQuality.Good, now, 101UL),
                        ("keller30-1/p1", double.NaN, "bar", SignalQuality.CommFailure, now, 102UL)));
                    await PublishAsync(gateway, "alarms", Alarm("smm5100-2/concentration", AlarmKind.HighHigh, AlarmEventType.Raised, 52.5, 50, "%LEL", now, 103UL));
                    await browser.StandardInput.WriteLineAsync("PUBLISHED");
                    await browser.StandardInput.FlushAsync();
                }
            }

            await browser.WaitForExitAsync(deadline.Token);
            string stderr = await errors;
            output.WriteLine(stderr);
            Assert.True(browser.ExitCode == 0, $"the browser checks failed (exit {browser.ExitCode}):\n{lines}\n{stderr}");
        }
        finally
        {
            if (!browser.HasExited)
            {
                browser.Kill(entireProcessTree: true);
            }
        }

        string text = lines.ToString();
        foreach (string step in new[] { "a wrong password shows the problem", "the device page shows live readings and alarms published over MQTT", "a viewer sees no controls it may not use" })
        {
            Assert.Contains($"STEP {step} ok", text, StringComparison.Ordinal);
        }

        Assert.True(new FileInfo(screenshot).Length > 10_000, $"the screenshot {screenshot} is missing or nearly empty");
        output.WriteLine($"screenshot: {screenshot}");
    }

    private static Process StartBrowser(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(BrowserTools.FindOnPath("node")!, "dashboard.mjs")
        {
            WorkingDirectory = BrowserTools.BrowserFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("node did not start");
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync(url, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<IMqttClient> ConnectAsync(string clientId, string username, string password)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", server.BrokerPort)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task PublishAsync(IMqttClient client, string kind, byte[] payload)
    {
        MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"edgesensors/{DeviceName}/{kind}")
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.True(result.IsSuccess, $"publishing {kind}: {result.ReasonCode} {result.ReasonString}");
    }

    /// <summary>A telemetry payload written by the shared contract's encoder, as a gateway writes it.</summary>
    private static byte[] Batch(params (string Tag, double Value, string Unit, SignalQuality Quality, long TimeMs, ulong Seq)[] readings)
    {
        var batch = new TelemetryBatch(readings.Length) { Source = DeviceName };
        foreach (var r in readings)
        {
            Assert.True(batch.TryAdd(r.Tag, r.Value, r.Unit, r.Quality, r.TimeMs, r.Seq));
        }

        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(readings.Length)];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
        return buffer[..length];
    }

    private static byte[] Alarm(string tag, AlarmKind kind, AlarmEventType state, double value, double limit, string unit, long timeMs, ulong seq)
    {
        var alarm = new AlarmMessage { Source = DeviceName, Tag = tag, Kind = kind, State = state, Value = value, Limit = limit, Unit = unit, TimeMs = timeMs, Seq = seq, Latched = true };
        var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, buffer, 0, out int length));
        return buffer[..length];
    }

    /// <summary>gateway/examples/tank-farm.yaml: a config the server's validator accepts.</summary>
    private static string GatewayConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "gateway", "examples", "tank-farm.yaml");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate).Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }

        throw new FileNotFoundException("gateway/examples/tank-farm.yaml not found above " + AppContext.BaseDirectory);
    }
}
