using System.Security.Cryptography;
using System.Text;

namespace EdgeSensors.Fleet.Broker.Access;

/// <summary>The fleet server's own MQTT login: unrestricted topics, never a device. Fixed for the process lifetime.</summary>
public sealed class InternalCredential
{
    public InternalCredential(FleetBrokerOptions options)
    {
        Username = options.InternalUsername;
        Password = options.InternalPassword ?? DeviceSecret.NewPassword();
    }

    public string Username { get; }

    public string Password { get; }

    public bool Matches(string? username, string? password) =>
        username == Username && password is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(Password));
}
