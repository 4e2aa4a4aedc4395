using EdgeSensors.Fleet.Broker.Tests.Support;
using MQTTnet;

namespace EdgeSensors.Fleet.Broker.Tests.Embedded;

/// <summary>The device access guarantees on the embedded MQTTnet broker, plus what only it enforces.</summary>
public sealed class EmbeddedDeviceAccessTests : DeviceAccessTests
{
    protected override async Task<IBrokerUnderTest> StartBrokerAsync() => await EmbeddedBrokerUnderTest.StartAsync();

    [Fact]
    public async Task A_device_must_use_its_device_id_as_client_id()
    {
        string password = await Broker.EnrolAsync("gw-id");
        await Broker.EnrolAsync("gw-other");

        (TestClient? client, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(Broker.Port, "gw-other", "gw-id", password);

        Assert.Null(client);
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, code);
    }

    [Fact]
    public async Task Anonymous_clients_are_refused()
    {
        (TestClient? client, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(Broker.Port, "anon", null, null);

        Assert.Null(client);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }
}
