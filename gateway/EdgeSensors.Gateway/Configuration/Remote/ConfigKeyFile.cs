using System.Globalization;

namespace EdgeSensors.Gateway.Configuration.Remote;

/// <summary>
/// The per-device config key that server-sealed configs are checked with (upstream.config_key_file): 32 bytes, written
/// at enrolment as 64 hex digits on one line (or as the 32 raw bytes). Keep it in the data directory, readable by the
/// gateway user only.
/// </summary>
public static class ConfigKeyFile
{
    public const int KeyLength = 32;

    /// <summary>The key; throws <see cref="InvalidDataException"/> naming the file and the fix when it is not one.</summary>
    public static byte[] Read(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the config key ({ex.Message}); enrol the gateway again (edgesensors enroll) or fix upstream.config_key_file", ex);
        }

        string text = System.Text.Encoding.ASCII.GetString(raw).Trim();
        if (text.Length == KeyLength * 2 && text.All(char.IsAsciiHexDigit))
        {
            return Convert.FromHexString(text);
        }

        if (raw.Length == KeyLength)
        {
            return raw;
        }

        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
            $"{path}: a config key is {KeyLength} bytes, written as {KeyLength * 2} hex digits; this file holds {raw.Length} bytes. enrol the gateway again or write the key the fleet server issued"));
    }
}
