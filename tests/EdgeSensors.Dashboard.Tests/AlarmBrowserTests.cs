using System.Collections.Concurrent;
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
/// Acknowledging from the device page in headless Chromium (Browser/alarms.mjs): a technician clicks Acknowledge, the
/// enrolled device (a real MQTT client with its own login) receives exactly the ack command, the page says "sent,
/// waiting for the device" until the device's acknowledged event arrives; the alarm history shows the device's events
/// with units and times; a viewer gets no button.
/// </summary>
public sealed class AlarmBrowserTests(DashboardServer server, ITestOutputHelper output) : IClassFixture<DashboardServer>
{
    private const string DeviceName = "gw-alarms-01";
    private const string AckTag = "smm5100-2/concentration";
    private const string OtherTag = "pt495-1/h2s";
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task A_technician_acknowledges_from_the_device_page_and_a_viewer_cannot()
    {
        BrowserTools.Require();
        string adminToken = await server.SignInAsync(DashboardServer.AdminUser, DashboardServer.AdminPassword);
        using HttpClient admin = server.Client(adminToken);
        Guid siteId = (await PostAsync(admin, "/api/sites", new { name = "East tank farm" })).GetProperty("id").GetGuid();
        const string TechnicianPassword = "dashboard-technician-0123";
        const string ViewerPassword = "dashboard-viewer-0123";
        await PostAsync(admin, "/api/users", new { userName = "technician-ack", role = "technician", password = TechnicianPassword });
        await PostAsync(admin, "/api/users", new { userName = "viewer-ack", role = "viewer", password = ViewerPassword });
        string token = (await PostAsync(admin, "/api/enrolment-tokens", new { siteId, maxUses = 1 })).GetProperty("token").GetString()!;
        using HttpClient anonymous = server.Client();
        JsonElement enrolled = await PostAsync(anonymous, "/api/enrol", new { token, kind = "gateway", requestedId = DeviceName }, HttpStatusCode.OK);
        Guid registryId = enrolled.GetProperty("registryId").GetGuid();
        JsonElement mqtt = enrolled.GetProperty("mqtt");

        var commands = new ConcurrentQueue<MqttApplicationMessage>();
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        device.ApplicationMessageReceivedAsync += e =>
        {
            commands.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        Assert.Equal(MqttClientConnectResultCode.Success, (await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", server.BrokerPort)
            .WithClientId(DeviceName).WithCredentials(mqtt.GetProperty("username").GetString(), mqtt.GetProperty("password").GetString())
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(30)).Build())).ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1,
            (await device.SubscribeAsync($"edgesensors/{DeviceName}/commands/#", MqttQualityOfServiceLevel.AtLeastOnce)).Items.Single().ResultCode);

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await PublishAlarmAsync(device, AckTag, AlarmKind.HighHigh, AlarmEventType.Raised, 52.5, 50, "%LEL", now, 10UL);
        await PublishAlarmAsync(device, OtherTag, AlarmKind.High, AlarmEventType.Raised, 12, 10, "ppm", now, 11UL);
        // A reading at seq 20: seqs 13-19 never arrive, a gap the page shows (12 is the acknowledged event, sent later).
        MqttClientPublishResult reading = await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"edgesensors/{DeviceName}/telemetry")
            .WithPayload(Reading("tk101.level", 7.5, "m", now, 20UL)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(reading.IsSuccess, $"publishing the reading: {reading.ReasonCode}");
        await WaitForAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/devices/{registryId}/live")) is var live
            && live.GetProperty("alarms").GetArrayLength() == 2 && live.GetProperty("readings").GetArrayLength() == 1, "both alarms and the reading in the live state");

        var lines = new StringBuilder();
        using Process browser = StartBrowser(new Dictionary<string, string>
        {
            ["DASHBOARD_URL"] = server.BaseUrl,
            ["CHROMIUM"] = BrowserTools.Chromium,
            ["TECHNICIAN_USER"] = "technician-ack",
            ["TECHNICIAN_PASSWORD"] = TechnicianPassword,
            ["VIEWER_USER"] = "viewer-ack",
            ["VIEWER_PASSWORD"] = ViewerPassword,
            ["DEVICE_REGISTRY_ID"] = registryId.ToString(),
            ["ACK_TAG"] = AckTag,
            ["OTHER_TAG"] = OtherTag,
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
                if (line == "WAITING ack-pending")
                {
                    // The click reached the device as the contract says: "device/tag", QoS 1, not retained, exactly once.
                    await WaitForAsync(() => Task.FromResult(!commands.IsEmpty), "the ack command at the device");
                    MqttApplicationMessage command = Assert.Single(commands);
                    Assert.Equal($"edgesensors/{DeviceName}/commands/ack", command.Topic);
                    Assert.Equal(AckTag, Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(command.Payload)));
                    Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, command.QualityOfServiceLevel);
                    Assert.False(command.Retain);
                    await PublishAlarmAsync(device, AckTag, AlarmKind.HighHigh, AlarmEventType.Acknowledged, 51, 50, "%LEL", now + 5000, 12UL);
                    await browser.StandardInput.WriteLineAsync("ANSWERED");
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

        foreach (string step in new[] { "a technician acknowledges an alarm and waits for the device", "the device page shows the alarm history with units and times",
            "the device page shows the missing seqs",             "a viewer sees the alarm but no Acknowledge button" })
        {
            Assert.Contains($"STEP {step} ok", lines.ToString(), StringComparison.Ordinal);
        }
    }

    private static Process StartBrowser(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(BrowserTools.FindOnPath("node")!, "alarms.mjs")
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

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync(url, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static byte[] Reading(string tag, double value, string unit, long timeMs, ulong seq)
    {
        var batch = new TelemetryBatch(1) { Source = DeviceName };
        Assert.True(batch.TryAdd(tag, value, unit, SignalQuality.Good, timeMs, seq));
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(1)];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
        return buffer[..length];
    }

    private static async Task PublishAlarmAsync(IMqttClient client, string tag, AlarmKind kind, AlarmEventType state, double value, double limit, string unit, long timeMs, ulong seq)
    {
        var alarm = new AlarmMessage { Source = DeviceName, Tag = tag, Kind = kind, State = state, Value = value, Limit = limit, Unit = unit, TimeMs = timeMs, Seq = seq, Latched = true };
        var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, buffer, 0, out int length));
        MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"edgesensors/{DeviceName}/alarms")
            .WithPayload(buffer[..length]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(result.IsSuccess, $"publishing the {state} event of {tag}: {result.ReasonCode} {result.ReasonString}");
    }
}
