using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Fleet.Tests.Infrastructure;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// Two fleet server instances on one PostgreSQL and one Mosquitto: the shared subscription splits a device's messages
/// between them, so both write the same live rows at the same time. The newest seq of every tag and the last alarm
/// event still win, and either instance serves the same live view.
/// </summary>
public sealed class LiveScaleOutTests : IAsyncLifetime
{
    private const string DeviceId = "gw-live-scale";
    private readonly ConcurrentQueue<string> _handledBy = new();
    private FleetInstancePair? _pair;

    public async Task InitializeAsync()
    {
        _pair = await FleetInstancePair.StartAsync("live-scale-out", name => new Recorder(name, _handledBy));
    }

    public async Task DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Both_instances_write_the_same_rows_and_the_newest_seq_wins()
    {
        PostgresServer.Require();
        using HttpClient viaA = _pair!.Admin(0);
        using HttpClient viaB = _pair!.Admin(1);
        using HttpResponseMessage created = await viaA.PostAsJsonAsync("/api/enrolment-tokens", new { siteId = _pair!.SiteId });
        string token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using HttpResponseMessage enrolled = await _pair!.Instances[0].CreateClient().PostAsJsonAsync("/api/enrol", new { token, kind = "gateway", requestedId = DeviceId });
        Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
        JsonElement answer = await enrolled.Content.ReadFromJsonAsync<JsonElement>();
        Guid registryId = answer.GetProperty("registryId").GetGuid();
        await using TestClient device = await TestClient.ConnectAsync(_pair!.Mosquitto.Port, DeviceId, DeviceId, answer.GetProperty("mqtt").GetProperty("password").GetString()!);

        // 150 batches of the same 4 tags, and an alarm raised and cleared in turn every 7th batch; seq increases throughout.
        const int Batches = 150;
        string[] tags = ["tk101.level", "tk101.temperature", "tk102.level", "pt495-1/h2s"];
        ulong seq = 0;
        var alarmBuffer = new byte[TelemetryEncoder.MaxAlarmBytes];
        for (int b = 0; b < Batches; b++)
        {
            var batch = new TelemetryBatch(tags.Length) { Source = DeviceId };
            foreach (string tag in tags)
            {
                Assert.True(batch.TryAdd(tag, b, "m", SignalQuality.Good, 1767225600000 + b, ++seq));
            }

            var buffer = new byte[TelemetryEncoder.MaxBatchBytes(tags.Length)];
            Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
            Assert.True((await device.PublishAsync($"edgesensors/{DeviceId}/telemetry", System.Text.Encoding.UTF8.GetString(buffer, 0, length))).IsSuccess);
            if (b % 7 == 0)
            {
                var alarm = new AlarmMessage { Source = DeviceId, Tag = "pt495-1/h2s", Kind = AlarmKind.High, State = b / 7 % 2 == 0 ? AlarmEventType.Raised : AlarmEventType.Cleared, Value = b, Limit = 10, Unit = "ppm", TimeMs = 1767225600000 + b, Seq = ++seq, Latched = false };
                Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, alarmBuffer, 0, out int alarmLength));
                Assert.True((await device.PublishAsync($"edgesensors/{DeviceId}/alarms", System.Text.Encoding.UTF8.GetString(alarmBuffer, 0, alarmLength))).IsSuccess);
            }
        }

        // The last alarm event (b = 147, 147 / 7 = 21, odd) clears; then one more raise, the newest seq of all.
        var last = new AlarmMessage { Source = DeviceId, Tag = "pt495-1/h2s", Kind = AlarmKind.High, State = AlarmEventType.Raised, Value = 12.5, Limit = 10, Unit = "ppm", TimeMs = 1767225700000, Seq = ++seq, Latched = false };
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(last, alarmBuffer, 0, out int lastLength));
        Assert.True((await device.PublishAsync($"edgesensors/{DeviceId}/alarms", System.Text.Encoding.UTF8.GetString(alarmBuffer, 0, lastLength))).IsSuccess);

        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement live;
        do
        {
            live = await viaB.GetFromJsonAsync<JsonElement>($"/api/devices/{registryId}/live");
            if (live.GetProperty("readings").EnumerateArray().All(r => r.GetProperty("value").GetDouble() == Batches - 1)
                && live.GetProperty("readings").GetArrayLength() == tags.Length
                && live.GetProperty("alarms").EnumerateArray().Any(a => a.GetProperty("value").GetDouble() == 12.5))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(_handledBy.Contains("fleet-a") && _handledBy.Contains("fleet-b"), "the shared subscription did not split the messages: " + string.Join(",", _handledBy.Distinct()));
        Assert.Equal(tags.Order(), live.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("tag").GetString()!).Order());
        foreach (JsonElement reading in live.GetProperty("readings").EnumerateArray())
        {
            Assert.True(reading.GetProperty("value").GetDouble() == Batches - 1, $"a stale value won: {reading}");
        }

        JsonElement alarmNow = Assert.Single(live.GetProperty("alarms").EnumerateArray());
        Assert.Equal((12.5, "raised", seq.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (alarmNow.GetProperty("value").GetDouble(), alarmNow.GetProperty("state").GetString(), alarmNow.GetProperty("seq").GetString()));
        Assert.Equal(live.GetProperty("readings").ToString(), (await viaA.GetFromJsonAsync<JsonElement>($"/api/devices/{registryId}/live")).GetProperty("readings").ToString());

        // Both instances merged the device's received seqs into one row at the same time: none lost, so no gap (the
        // other instance's last batch may still be in its 250 ms flush: wait for it; a lost merge never closes).
        JsonElement gaps;
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        do
        {
            gaps = await viaA.GetFromJsonAsync<JsonElement>($"/api/devices/{registryId}/seq-gaps");
            if (gaps.GetProperty("gapCount").GetInt32() == 0 && gaps.GetProperty("received").GetInt64() == (long)seq)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(("1", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), 0), (gaps.GetProperty("firstSeq").GetString(), gaps.GetProperty("lastSeq").GetString(), gaps.GetProperty("gapCount").GetInt32()));
    }

    private sealed class Recorder(string instance, ConcurrentQueue<string> handledBy) : IDeviceMessageHandler
    {
        public Task HandleAsync(DeviceMessage message, CancellationToken ct)
        {
            if (message.Kind == "telemetry")
            {
                handledBy.Enqueue(instance);
            }

            return Task.CompletedTask;
        }
    }
}
