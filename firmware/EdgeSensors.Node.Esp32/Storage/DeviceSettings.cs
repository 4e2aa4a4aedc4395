using System;
using System.IO;
using System.Text;

namespace EdgeSensors.Node.Esp32.Storage;

/// <summary>
/// The node's own settings, written once at enrolment to I:\edgesensors\device.cfg as "key=value" lines ('#' starts a
/// comment): node_id, wifi_ssid, wifi_password, mqtt_host, mqtt_port, mqtt_user, mqtt_password, mqtt_ca (path of the
/// broker CA PEM on I:\), config_key (64 hex digits: the 32-byte per-device config key), and optionally baud, parity
/// (none/even/odd), stop_bits (1/2), ntp1, ntp2. These are secrets and site facts; they never travel in a config.
/// </summary>
public sealed class DeviceSettings
{
    public const string DefaultPath = "I:\\edgesensors\\device.cfg";

    private readonly string[] _keys = new string[24];
    private readonly string[] _values = new string[24];
    private int _count;

    private DeviceSettings()
    {
    }

    /// <exception cref="InvalidOperationException">The file is missing or a required key is absent or malformed; the message names the key and the file.</exception>
    public static DeviceSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException("device settings " + path + " not found; write it at enrolment (see firmware/EdgeSensors.Node.Esp32/README.md)");
        }

        byte[] bytes = FlashFiles.ReadAll(path);
        string text = Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        var settings = new DeviceSettings();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int equals = line.IndexOf('=');
            if (equals <= 0 || settings._count == settings._keys.Length)
            {
                throw new InvalidOperationException(path + " line " + (i + 1).ToString() + " is not 'key=value' (or there are more than 24 keys)");
            }

            settings._keys[settings._count] = line.Substring(0, equals).Trim();
            settings._values[settings._count] = line.Substring(equals + 1).Trim();
            settings._count++;
        }

        settings.Source = path;
        return settings;
    }

    public string Source { get; private set; } = "";

    /// <exception cref="InvalidOperationException">The key is missing or empty.</exception>
    public string Required(string key)
    {
        string value = Optional(key, "");
        if (value.Length == 0)
        {
            throw new InvalidOperationException("device settings " + Source + " lack '" + key + "'; add the line '" + key + "=...'");
        }

        return value;
    }

    public string Optional(string key, string fallback)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_keys[i] == key)
            {
                return _values[i];
            }
        }

        return fallback;
    }

    /// <exception cref="InvalidOperationException">The value is not a whole number in range.</exception>
    public int Integer(string key, int fallback, int min, int max)
    {
        string text = Optional(key, "");
        if (text.Length == 0)
        {
            return fallback;
        }

        int value = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9' || i > 9)
            {
                throw new InvalidOperationException("device settings " + Source + ": '" + key + "=" + text + "' is not a whole number from " + min.ToString() + " to " + max.ToString());
            }

            value = (value * 10) + (c - '0');
        }

        if (value < min || value > max)
        {
            throw new InvalidOperationException("device settings " + Source + ": '" + key + "=" + text + "' is outside " + min.ToString() + "-" + max.ToString());
        }

        return value;
    }

    /// <summary>The per-device config key from 64 hex digits.</summary>
    /// <exception cref="InvalidOperationException">It is not exactly 64 hex digits.</exception>
    public byte[] ConfigKey()
    {
        string hex = Required("config_key");
        if (hex.Length != 64)
        {
            throw new InvalidOperationException("device settings " + Source + ": config_key has " + hex.Length.ToString() + " characters; it must be 64 hex digits (32 bytes) as issued at enrolment");
        }

        var key = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            int high = HexDigit(hex[i * 2]);
            int low = HexDigit(hex[(i * 2) + 1]);
            if (high < 0 || low < 0)
            {
                throw new InvalidOperationException("device settings " + Source + ": config_key has a character that is not a hex digit at position " + ((i * 2) + 1).ToString());
            }

            key[i] = (byte)((high << 4) | low);
        }

        return key;
    }

    private static int HexDigit(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }
}
