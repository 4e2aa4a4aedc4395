using System.Text.RegularExpressions;

namespace EdgeSensors.Fleet.Enrolment;

/// <summary>Limits and id rules of enrolment, shared by the API and its tests.</summary>
public static partial class EnrolmentRules
{
    /// <summary>Prefix of an enrolment token, so a pasted secret says what it is.</summary>
    public const string TokenPrefix = "esen_";

    public const int DefaultExpiryHours = 24;
    public const int MaxExpiryHours = 24 * 90;
    public const int MaxUses = 10_000;

    /// <summary>A device id as docs/telemetry.md defines it: 1-64 of A-Z a-z 0-9 _ . -, starting with a letter or digit.</summary>
    public static bool IsDeviceId(string id) => DeviceIdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex DeviceIdPattern();

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotIdCharacter();

    /// <summary>gw-/node- and the serial's id characters, or 8 random hex digits without a serial.</summary>
    public static string IdFor(Data.Entities.DeviceKind kind, string? serial)
    {
        string prefix = kind == Data.Entities.DeviceKind.Gateway ? "gw-" : "node-";
        string tail = serial is { Length: > 0 } ? NotIdCharacter().Replace(serial, "-") : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        return (prefix + tail)[..Math.Min(64, prefix.Length + tail.Length)];
    }
}
