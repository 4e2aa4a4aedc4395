using EdgeSensors.Fleet.Broker.Consumers;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace EdgeSensors.Fleet.Broker.Tests.Support;

/// <summary>
/// What every broker mode must guarantee, with real MQTT 5 clients: a device publishes its own telemetry, cannot
/// publish as another device or subscribe to another device's config, and a revoked device is refused and dropped.
/// Each mode's test class runs these against its own broker.
/// </summary>
public abstract class DeviceAccessTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    protected IBrokerUnderTest Broker { get; private set; } = null!;

    private string Prefix => Broker.Options.TopicPrefix;

    public async Task InitializeAsync() => Broker = await StartBrokerAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();

    protected abstract Task<IBrokerUnderTest> StartBrokerAsync();

    [Fact]
    public async Task A_device_publishes_its_own_telemetry_and_the_backend_receives_it()
    {
        string password = await Broker.EnrolAsync("gw-own-01");
        await using TestClient backend = await ConnectBackendAsync("backend-own");
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await backend.SubscribeAsync($"{Prefix}/+/telemetry"));
        await using TestClient device = await TestClient.ConnectAsync(Broker.Port, "gw-own-01", "gw-own-01", password);

        MqttClientPublishResult published = await device.PublishAsync($"{Prefix}/gw-own-01/telemetry", "{\"n\":1}");

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        Assert.Equal("{\"n\":1}", await backend.WaitForAsync($"{Prefix}/gw-own-01/telemetry", Wait));
    }

    [Fact]
    public async Task A_device_cannot_publish_as_another_device()
    {
        string password = await Broker.EnrolAsync("gw-forger");
        await Broker.EnrolAsync("gw-victim");
        await using TestClient backend = await ConnectBackendAsync("backend-forge");
        await backend.SubscribeAsync($"{Prefix}/#");
        await using TestClient forger = await TestClient.ConnectAsync(Broker.Port, "gw-forger", "gw-forger", password);

        await forger.PublishAsync($"{Prefix}/gw-victim/telemetry", "forged");
        await forger.PublishAsync($"{Prefix}/gw-victim/alarms", "forged");
        await forger.PublishAsync($"{Prefix}/gw-victim/config", "forged", retain: true);
        await forger.PublishAsync($"{Prefix}/gw-forger/config", "own config is the server's", retain: true);
        await forger.PublishAsync($"{Prefix}/gw-forger/commands/ack", "commands come from the server");
        // Messages from one client are delivered in order: once this marker is in, the forged ones would be too.
        await forger.PublishAsync($"{Prefix}/gw-forger/telemetry", "marker");

        await backend.WaitForAsync($"{Prefix}/gw-forger/telemetry", Wait);
        Assert.Equal([$"{Prefix}/gw-forger/telemetry"], backend.Received.Select(r => r.Topic).ToArray());
    }

    [Fact]
    public async Task A_device_cannot_forge_another_devices_status_through_its_last_will()
    {
        string password = await Broker.EnrolAsync("gw-will");
        await Broker.EnrolAsync("gw-will-victim");
        await using TestClient backend = await ConnectBackendAsync("backend-will");
        await backend.SubscribeAsync($"{Prefix}/+/status");
        // Refusing the CONNECT (Mosquitto may) or dropping the will (MQTTnet's publish check) both keep the victim safe.
        (TestClient? forger, _) = await TestClient.TryConnectAsync(Broker.Port, "gw-will", "gw-will", password, willTopic: $"{Prefix}/gw-will-victim/status");
        string ownPassword = await Broker.EnrolAsync("gw-will-own");
        TestClient own = (await TestClient.TryConnectAsync(Broker.Port, "gw-will-own", "gw-will-own", ownPassword, willTopic: $"{Prefix}/gw-will-own/status")).Client!;

        forger?.Vanish();
        own.Vanish();

        // The honest will arrives; had the forged one been let through, it would be there by then too.
        await backend.WaitForAsync($"{Prefix}/gw-will-own/status", Wait);
        await Task.Delay(300);
        Assert.DoesNotContain(backend.Received, r => r.Topic == $"{Prefix}/gw-will-victim/status");
    }

    [Fact]
    public async Task A_device_cannot_subscribe_to_another_devices_config_or_commands()
    {
        string password = await Broker.EnrolAsync("gw-snoop");
        await Broker.EnrolAsync("gw-target");
        await using TestClient backend = await ConnectBackendAsync("backend-snoop");
        await backend.PublishAsync($"{Prefix}/gw-target/config", "target's secret config", retain: true);
        await backend.PublishAsync($"{Prefix}/gw-snoop/config", "snoop's own config", retain: true);
        await using TestClient snoop = await TestClient.ConnectAsync(Broker.Port, "gw-snoop", "gw-snoop", password);

        MqttClientSubscribeResultCode other = await snoop.SubscribeAsync($"{Prefix}/gw-target/config");
        MqttClientSubscribeResultCode wildcard = await snoop.SubscribeAsync($"{Prefix}/+/config");
        MqttClientSubscribeResultCode commands = await snoop.SubscribeAsync($"{Prefix}/gw-target/commands/#");
        MqttClientSubscribeResultCode own = await snoop.SubscribeAsync($"{Prefix}/gw-snoop/config");

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, own);
        Assert.Equal("snoop's own config", await snoop.WaitForAsync($"{Prefix}/gw-snoop/config", Wait));
        Assert.DoesNotContain(snoop.Received, r => r.Topic.Contains("gw-target", StringComparison.Ordinal));
        Assert.All([other, wildcard, commands], code => Assert.NotEqual(MqttClientSubscribeResultCode.GrantedQoS1, code));
    }

    [Fact]
    public async Task A_subscribed_device_gets_each_new_config_of_its_own_and_none_of_anothers()
    {
        string password = await Broker.EnrolAsync("gw-live");
        await Broker.EnrolAsync("gw-other");
        await using TestClient device = await TestClient.ConnectAsync(Broker.Port, "gw-live", "gw-live", password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await device.SubscribeAsync($"{Prefix}/gw-live/config"));
        await using TestClient backend = await ConnectBackendAsync("backend-live");

        await backend.PublishAsync($"{Prefix}/gw-live/config", "revision 1", retain: true);
        Assert.Equal("revision 1", await device.WaitForAsync($"{Prefix}/gw-live/config", Wait));
        await backend.PublishAsync($"{Prefix}/gw-other/config", "the other's config", retain: true);
        await backend.PublishAsync($"{Prefix}/gw-live/config", "revision 2", retain: true);

        await WaitUntilAsync(() => device.Received.Count(r => r.Topic == $"{Prefix}/gw-live/config") == 2);
        Assert.Equal(["revision 1", "revision 2"], device.Received.Where(r => r.Topic == $"{Prefix}/gw-live/config").Select(r => r.Payload));
        Assert.DoesNotContain(device.Received, r => r.Topic.Contains("gw-other", StringComparison.Ordinal));

        // A new session of the device gets only the latest retained config.
        await device.DisposeAsync();
        await using TestClient again = await TestClient.ConnectAsync(Broker.Port, "gw-live", "gw-live", password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await again.SubscribeAsync($"{Prefix}/gw-live/config"));
        Assert.Equal("revision 2", await again.WaitForAsync($"{Prefix}/gw-live/config", Wait));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {Wait.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_device_receives_its_own_commands()
    {
        string password = await Broker.EnrolAsync("gw-cmd");
        await using TestClient device = await TestClient.ConnectAsync(Broker.Port, "gw-cmd", "gw-cmd", password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await device.SubscribeAsync($"{Prefix}/gw-cmd/commands/#"));
        await using TestClient backend = await ConnectBackendAsync("backend-cmd");

        await backend.PublishAsync($"{Prefix}/gw-cmd/commands/ack", "*");

        Assert.Equal("*", await device.WaitForAsync($"{Prefix}/gw-cmd/commands/ack", Wait));
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        await Broker.EnrolAsync("gw-pw");

        (TestClient? client, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(Broker.Port, "gw-pw", "gw-pw", "not-the-password");

        Assert.Null(client);
        Assert.Contains(code, BadPasswordCodes);
    }

    [Fact]
    public async Task A_rotated_password_replaces_the_old_one()
    {
        string old = await Broker.EnrolAsync("gw-rot");
        string rotated = await Broker.EnrolAsync("gw-rot");

        (TestClient? refused, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(Broker.Port, "gw-rot", "gw-rot", old);
        await using TestClient accepted = await TestClient.ConnectAsync(Broker.Port, "gw-rot", "gw-rot", rotated);

        Assert.Null(refused);
        Assert.Contains(code, BadPasswordCodes);
        Assert.True(accepted.IsConnected);
    }

    [Fact]
    public async Task A_revoked_device_is_refused_at_connect()
    {
        string password = await Broker.EnrolAsync("gw-revoked");
        await Broker.RevokeAsync("gw-revoked");

        (TestClient? client, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(Broker.Port, "gw-revoked", "gw-revoked", password);

        Assert.Null(client);
        Assert.Contains(code, RevokedCodes);
    }

    [Fact]
    public async Task A_connected_device_is_disconnected_when_revoked()
    {
        string password = await Broker.EnrolAsync("gw-kicked");
        await using TestClient device = await TestClient.ConnectAsync(Broker.Port, "gw-kicked", "gw-kicked", password);
        Task disconnected = device.WaitDisconnectedAsync(Wait);

        await Broker.RevokeAsync("gw-kicked");

        await disconnected;
        Assert.False(device.IsConnected);
    }

    [Fact]
    public async Task Two_consumers_in_one_shared_group_handle_each_message_exactly_once()
    {
        string password = await Broker.EnrolAsync("gw-load");
        var handled = new System.Collections.Concurrent.ConcurrentBag<(string Consumer, string Payload)>();
        await using FleetConsumer first = Consumer("fleet-a", handled);
        await using FleetConsumer second = Consumer("fleet-b", handled);
        first.Start();
        second.Start();
        using var ready = new CancellationTokenSource(Wait);
        try
        {
            await Task.WhenAll(first.WaitSubscribedAsync(ready.Token), second.WaitSubscribedAsync(ready.Token));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"consumers not subscribed within {Wait.TotalSeconds} s: {first.LastError} / {second.LastError}");
        }

        await using TestClient device = await TestClient.ConnectAsync(Broker.Port, "gw-load", "gw-load", password);

        const int Count = 60;
        for (int i = 0; i < Count; i++)
        {
            Assert.True((await device.PublishAsync($"{Prefix}/gw-load/telemetry", "m" + i)).IsSuccess);
        }

        DateTime deadline = DateTime.UtcNow + Wait;
        while (handled.Count < Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(300); // a second copy of any message would have arrived by now
        Assert.Equal(Enumerable.Range(0, Count).Select(i => "m" + i).Order(), handled.Select(h => h.Payload).Order());
        Assert.Contains(handled, h => h.Consumer == "fleet-a");
        Assert.Contains(handled, h => h.Consumer == "fleet-b");
    }

    /// <summary>MQTT 5 CONNACK codes a broker may give a wrong or replaced password: MQTTnet's is "bad user name or password".</summary>
    protected virtual MqttClientConnectResultCode[] BadPasswordCodes => [MqttClientConnectResultCode.BadUserNameOrPassword];

    /// <summary>MQTT 5 CONNACK codes a broker may give a revoked client: MQTTnet says "not authorized", Mosquitto "bad user name or password".</summary>
    protected virtual MqttClientConnectResultCode[] RevokedCodes => [MqttClientConnectResultCode.NotAuthorized];

    private FleetConsumer Consumer(string name, System.Collections.Concurrent.ConcurrentBag<(string, string)> handled) =>
        new("127.0.0.1", Broker.Port, Broker.Internal, Broker.Options, name, (message, _) =>
        {
            handled.Add((name, System.Text.Encoding.UTF8.GetString(message.Payload)));
            return Task.CompletedTask;
        }, NullLogger.Instance);

    private Task<TestClient> ConnectBackendAsync(string clientId) => TestClient.ConnectAsync(Broker.Port, clientId, Broker.Internal.Username, Broker.Internal.Password);
}
