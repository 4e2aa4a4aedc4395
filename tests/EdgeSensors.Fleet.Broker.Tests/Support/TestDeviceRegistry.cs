using System.Collections.Concurrent;
using EdgeSensors.Fleet.Broker.Access;

namespace EdgeSensors.Fleet.Broker.Tests.Support;

/// <summary>
/// The registry seam filled in memory: device id to SHA-256 password hash and revoked flag, checked with the real
/// <see cref="DeviceSecret"/>. The database-backed authenticator is tested with the enrolment API.
/// </summary>
public sealed class TestDeviceRegistry : IDeviceAuthenticator
{
    private readonly ConcurrentDictionary<string, (string Hash, bool Revoked)> _devices = new();

    /// <summary>Adds (or re-keys) a device and returns its fresh password.</summary>
    public string Enrol(string deviceId)
    {
        string password = DeviceSecret.NewPassword();
        _devices[deviceId] = (DeviceSecret.Hash(password), false);
        return password;
    }

    public void Revoke(string deviceId) => _devices[deviceId] = (_devices[deviceId].Hash, true);

    public ValueTask<DeviceLogin> AuthenticateAsync(string username, string password, CancellationToken ct)
    {
        if (!_devices.TryGetValue(username, out (string Hash, bool Revoked) device) || !DeviceSecret.Matches(password, device.Hash))
        {
            return ValueTask.FromResult(DeviceLogin.BadCredentials);
        }

        return ValueTask.FromResult(device.Revoked ? DeviceLogin.Revoked : DeviceLogin.Accepted(username));
    }
}
