using EdgeSensors.Fleet.Broker.Tests.Support;
using MQTTnet;

namespace EdgeSensors.Fleet.Broker.Tests.Mosquitto;

/// <summary>The device access guarantees on Mosquitto, managed through its dynamic security plugin.</summary>
public sealed class MosquittoDeviceAccessTests : DeviceAccessTests
{
    protected override async Task<IBrokerUnderTest> StartBrokerAsync() => await MosquittoBrokerUnderTest.StartAsync();

    /// <summary>Mosquitto 2.0 answers every failed dynsec login "not authorized" (wrong password, disabled client alike).</summary>
    protected override MqttClientConnectResultCode[] BadPasswordCodes => [MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword];

    protected override MqttClientConnectResultCode[] RevokedCodes => BadPasswordCodes;
}
