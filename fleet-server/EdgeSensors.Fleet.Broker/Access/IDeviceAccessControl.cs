namespace EdgeSensors.Fleet.Broker.Access;

/// <summary>
/// The broker side of enrolment, rotation and revocation. In embedded mode the registry is the broker's user list, so
/// granting needs nothing and revoking disconnects a connected device; in external mode each call becomes Mosquitto
/// dynamic-security commands. Enrolment calls it after the credential is committed to the registry.
/// </summary>
public interface IDeviceAccessControl
{
    /// <summary>Lets <paramref name="deviceId"/> log in with <paramref name="password"/> (new device or rotated password) and use its own topics.</summary>
    Task GrantAsync(string deviceId, string password, CancellationToken ct);

    /// <summary>
    /// <see cref="GrantAsync"/> for many devices at once (bulk enrolment, re-seeding a broker from the registry): in
    /// external mode a few large dynamic-security requests instead of round trips per device.
    /// </summary>
    Task GrantManyAsync(IReadOnlyList<(string DeviceId, string Password)> devices, CancellationToken ct);

    /// <summary>Refuses the device from now on and disconnects it if connected.</summary>
    Task RevokeAsync(string deviceId, CancellationToken ct);
}
