using System.Security.Cryptography;

namespace EdgeSensors.Fleet.Broker.Access;

/// <summary>
/// Device MQTT passwords: 32 random bytes (base64url, 43 characters) made here, stored only as SHA-256. A salted slow
/// hash (PBKDF2, BCrypt) protects guessable human passwords; these carry 256 bits of entropy, so a plain SHA-256 cannot
/// be brute-forced and keeps a CONNECT storm of thousands of devices cheap. Comparison is constant-time.
/// </summary>
public static class DeviceSecret
{
    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of the UTF-8 password, lowercase hex (64 characters).</summary>
    public static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password)));

    public static bool Matches(string password, string storedHash)
    {
        byte[] actual = System.Text.Encoding.ASCII.GetBytes(Hash(password));
        byte[] expected = System.Text.Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
