using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Broker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSensors.Fleet.Broker.Tests.Embedded;

/// <summary>The embedded broker on a free loopback port, authenticating against a <see cref="TestDeviceRegistry"/>.</summary>
public sealed class EmbeddedBrokerUnderTest : IBrokerUnderTest
{
    private readonly TestDeviceRegistry _registry = new();
    private readonly ServiceProvider _services;
    private readonly EmbeddedFleetBroker _broker;

    private EmbeddedBrokerUnderTest()
    {
        Options = new FleetBrokerOptions { BindAddress = "127.0.0.1", Port = 0 };
        Internal = new InternalCredential(Options);
        _services = new ServiceCollection().AddSingleton<IDeviceAuthenticator>(_registry).BuildServiceProvider();
        _broker = new EmbeddedFleetBroker(Options, Internal, _services.GetRequiredService<IServiceScopeFactory>(), NullLogger<EmbeddedFleetBroker>.Instance);
    }

    public int Port => _broker.Port;

    public FleetBrokerOptions Options { get; }

    public InternalCredential Internal { get; }

    public static async Task<EmbeddedBrokerUnderTest> StartAsync()
    {
        var broker = new EmbeddedBrokerUnderTest();
        await broker._broker.StartAsync(CancellationToken.None);
        return broker;
    }

    public async Task<string> EnrolAsync(string deviceId)
    {
        string password = _registry.Enrol(deviceId);
        await _broker.GrantAsync(deviceId, password, CancellationToken.None);
        return password;
    }

    public async Task RevokeAsync(string deviceId)
    {
        _registry.Revoke(deviceId);
        await _broker.RevokeAsync(deviceId, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _services.DisposeAsync();
    }
}
