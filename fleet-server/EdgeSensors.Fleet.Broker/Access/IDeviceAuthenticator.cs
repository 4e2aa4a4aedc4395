namespace EdgeSensors.Fleet.Broker.Access;

/// <summary>
/// Checks a device's MQTT user name and password against the registry's stored credential hashes. The embedded
/// broker asks it on every CONNECT; the registry (or a test) implements it.
/// </summary>
public interface IDeviceAuthenticator
{
    ValueTask<DeviceLogin> AuthenticateAsync(string username, string password, CancellationToken ct);
}

/// <summary>The outcome of one login attempt.</summary>
public enum DeviceLoginOutcome
{
    /// <summary>Known device, current password, not revoked.</summary>
    Accepted,

    /// <summary>Unknown user name or wrong password (including a password replaced by rotation).</summary>
    BadCredentials,

    /// <summary>The device's credentials were revoked by an admin.</summary>
    Revoked,
}

/// <summary>Result of <see cref="IDeviceAuthenticator.AuthenticateAsync"/>; <see cref="DeviceId"/> is set when accepted.</summary>
public sealed record DeviceLogin(DeviceLoginOutcome Outcome, string? DeviceId)
{
    public static DeviceLogin Accepted(string deviceId) => new(DeviceLoginOutcome.Accepted, deviceId);

    public static readonly DeviceLogin BadCredentials = new(DeviceLoginOutcome.BadCredentials, null);

    public static readonly DeviceLogin Revoked = new(DeviceLoginOutcome.Revoked, null);
}
