using System.Text;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Upstream;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>The gateway's MQTT connection against a real Mosquitto broker.</summary>
public class MqttUpstreamTests
{
    private const string StatusTopic = "edgesensors/gw-test/status";
    private static readonly byte[] Offline = Encoding.UTF8.GetBytes("{\"state\":\"offline\"}");

    [Theory]
    [InlineData("5")]
    [InlineData("3.1.1")]
    public async Task Qos1_publish_is_acknowledged_and_delivered_and_online_status_is_retained(string version)
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var upstream = Upstream(broker.Port, version);
        upstream.Start();
        await upstream.WaitConnectedAsync(Timeout());
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, "edgesensors/#");

        PublishOutcome outcome = await upstream.PublishAsync("edgesensors/gw-test/telemetry", Encoding.UTF8.GetBytes("{\"seq\":1}"), retain: false, Timeout());

        Assert.Equal(PublishOutcome.Acknowledged, outcome);
        await backend.WaitForAsync(m => m.Topic == "edgesensors/gw-test/telemetry" && m.Payload == "{\"seq\":1}");
        var status = await backend.WaitForAsync(m => m.Topic == StatusTopic);
        Assert.True(status.Retained, "a subscriber arriving after the connect must get the online status as a retained message");
        Assert.Contains("online", status.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_will_marks_the_gateway_offline_when_the_link_is_cut()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var relay = new CuttableRelay(broker.Port);
        await using var upstream = Upstream(relay.Port, "5", keepAlive: TimeSpan.FromSeconds(2));
        upstream.Start();
        await upstream.WaitConnectedAsync(Timeout());
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, StatusTopic);
        await backend.WaitForAsync(m => m.Payload.Contains("online", StringComparison.Ordinal));

        relay.Cut();

        await backend.WaitForAsync(m => m.Payload == "{\"state\":\"offline\"}", seconds: 15);
    }

    [Fact]
    public async Task Broker_outage_gives_not_connected_then_it_reconnects_by_itself()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var upstream = Upstream(broker.Port, "5");
        upstream.Start();
        await upstream.WaitConnectedAsync(Timeout());

        await broker.KillAsync();
        await Eventually.WaitUntilAsync(() => !upstream.IsConnected);
        PublishOutcome during = await upstream.PublishAsync("edgesensors/gw-test/telemetry", "x"u8.ToArray(), false, Timeout());
        await broker.RestartAsync();
        await upstream.WaitConnectedAsync(Timeout(30));
        PublishOutcome after = await upstream.PublishAsync("edgesensors/gw-test/telemetry", "y"u8.ToArray(), false, Timeout());

        Assert.Equal(PublishOutcome.NotConnected, during);
        Assert.Equal(PublishOutcome.Acknowledged, after);
        Assert.Equal(2, upstream.Connects);
    }

    [Fact]
    public async Task Username_and_password_are_used_and_a_wrong_password_is_reported()
    {
        string directory = Directory.CreateTempSubdirectory("edgesensors-mosquitto-").FullName;
        string passwords = Path.Combine(directory, "passwords");
        await File.WriteAllTextAsync(passwords, "gw-test:right-password\n");
        var hash = System.Diagnostics.Process.Start("mosquitto_passwd", ["-U", passwords])!;
        await hash.WaitForExitAsync();
        Assert.Equal(0, hash.ExitCode);
        await using var broker = await MosquittoBroker.StartAsync($"allow_anonymous false\npassword_file {passwords}", directory: directory);

        await using var good = Upstream(broker.Port, "5", username: "gw-test", password: "right-password");
        await using var bad = Upstream(broker.Port, "5", username: "gw-test", password: "wrong-password", clientId: "gw-test-bad");
        good.Start();
        bad.Start();
        await good.WaitConnectedAsync(Timeout());
        await Eventually.WaitUntilAsync(() => bad.ConnectFailures > 0);

        Assert.False(bad.IsConnected);
        Assert.Contains("cannot connect", bad.LastError, StringComparison.Ordinal);
        Assert.Equal(PublishOutcome.Acknowledged, await good.PublishAsync("edgesensors/gw-test/telemetry", "z"u8.ToArray(), false, Timeout()));
    }

    [Fact]
    public void Reconnect_backoff_doubles_with_full_jitter_and_is_capped()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(3));

        TimeSpan[] delays = [.. Enumerable.Range(0, 12).Select(_ => backoff.Next())];

        for (int n = 0; n < delays.Length; n++)
        {
            double ceiling = Math.Min(60, Math.Pow(2, n));
            Assert.InRange(delays[n].TotalSeconds, 1, ceiling);
        }

        Assert.True(delays.Distinct().Count() > 8, "jitter must spread the delays");
        Assert.True(delays.Skip(6).Any(d => d.TotalSeconds > 30), "late retries must be allowed to approach the cap");
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 1, 1);
    }

    internal static MqttUpstream Upstream(int port, string version, TimeSpan? keepAlive = null, string? username = null, string? password = null, string clientId = "gw-test") =>
        new(
            new MqttUpstreamSettings
            {
                Broker = new Uri($"mqtt://127.0.0.1:{port}"),
                ClientId = clientId,
                ProtocolVersion = version,
                Username = username,
                Password = password,
                KeepAlive = keepAlive ?? TimeSpan.FromSeconds(30),
                ReconnectMin = TimeSpan.FromMilliseconds(100),
                ReconnectMax = TimeSpan.FromSeconds(1),
            },
            StatusTopic,
            () => Encoding.UTF8.GetBytes("{\"state\":\"online\"}"),
            Offline);

    private static CancellationToken Timeout(int seconds = 10) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

}
