using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Mosquitto;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSensors.Fleet.Broker.Tests.Mosquitto;

/// <summary>
/// <see cref="DynsecMosquitto"/> with <see cref="MosquittoDeviceAccess"/> managing devices through
/// $CONTROL/dynamic-security/v1.
/// </summary>
public sealed class MosquittoBrokerUnderTest : IBrokerUnderTest
{
    private readonly MosquittoBroker _mosquitto;
    private readonly MosquittoDeviceAccess _access;

    private MosquittoBrokerUnderTest(MosquittoBroker mosquitto, FleetBrokerOptions options, InternalCredential credential)
    {
        _mosquitto = mosquitto;
        Options = options;
        Internal = credential;
        _access = new MosquittoDeviceAccess(options, credential, NullLogger<MosquittoDeviceAccess>.Instance);
    }

    public int Port => _mosquitto.Port;

    public FleetBrokerOptions Options { get; }

    public InternalCredential Internal { get; }

    public string Log => _mosquitto.Log;

    public static async Task<MosquittoBrokerUnderTest> StartAsync()
    {
        var options = new FleetBrokerOptions { Mode = BrokerMode.External, Host = "127.0.0.1", InternalPassword = DeviceSecret.NewPassword() };
        var credential = new InternalCredential(options);
        MosquittoBroker mosquitto = await DynsecMosquitto.StartAsync(credential);
        options.Port = mosquitto.Port;
        var broker = new MosquittoBrokerUnderTest(mosquitto, options, credential);
        await broker._access.StartAsync(CancellationToken.None);
        return broker;
    }

    public async Task<string> EnrolAsync(string deviceId)
    {
        string password = DeviceSecret.NewPassword();
        await _access.GrantAsync(deviceId, password, CancellationToken.None);
        return password;
    }

    public Task RevokeAsync(string deviceId) => _access.RevokeAsync(deviceId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _access.DisposeAsync();
        await _mosquitto.DisposeAsync();
    }
}
