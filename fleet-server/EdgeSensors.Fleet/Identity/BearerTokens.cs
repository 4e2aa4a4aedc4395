using System.Security.Cryptography;
using System.Text;

namespace EdgeSensors.Fleet.Identity;

/// <summary>Opaque bearer tokens: a kind prefix and 256 random bits; the database keeps only their SHA-256.</summary>
public static class BearerTokens
{
    /// <summary>Prefix of a signed-in user's session token.</summary>
    public const string SessionPrefix = "essn_";

    /// <summary>Prefix of an API key.</summary>
    public const string ApiKeyPrefix = "esak_";

    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
