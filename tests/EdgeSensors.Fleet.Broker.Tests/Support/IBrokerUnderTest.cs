using EdgeSensors.Fleet.Broker.Access;

namespace EdgeSensors.Fleet.Broker.Tests.Support;

/// <summary>One broker mode, started for a test class: a port, the fleet server's own login and the enrol/revoke controls.</summary>
public interface IBrokerUnderTest : IAsyncDisposable
{
    int Port { get; }

    FleetBrokerOptions Options { get; }

    InternalCredential Internal { get; }

    /// <summary>Registers a device (in the registry, and at the broker through <see cref="IDeviceAccessControl"/>); returns its password.</summary>
    Task<string> EnrolAsync(string deviceId);

    /// <summary>Revokes a device the way the API does: the registry first, then the broker.</summary>
    Task RevokeAsync(string deviceId);
}
