using System.Security.Cryptography;
using System.Text;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>The sha256 a revision and a device report carry: lowercase hex of the body's UTF-8 bytes.</summary>
public static class Sha256Text
{
    public static string Of(string body) => Of(Encoding.UTF8.GetBytes(body));

    public static string Of(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
