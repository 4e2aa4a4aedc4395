using System.Globalization;

namespace EdgeSensors.Cli.Options;

/// <summary>A "HOST:PORT" value; the port defaults to 502 (Modbus TCP) when omitted. IPv6 hosts go in brackets.</summary>
public readonly record struct HostPort(string Host, int Port)
{
    public const int ModbusTcpPort = 502;

    public static bool TryParse(string? text, out HostPort value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected HOST:PORT, e.g. 192.168.1.20:502";
            return false;
        }

        string host = text.Trim();
        string? portText = null;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}': missing ']' after an IPv6 address";
                return false;
            }

            portText = close + 1 < host.Length && host[close + 1] == ':' ? host[(close + 2)..] : null;
            host = host[1..close];
        }
        else
        {
            int colon = host.LastIndexOf(':');
            if (colon >= 0)
            {
                portText = host[(colon + 1)..];
                host = host[..colon];
            }
        }

        int port = ModbusTcpPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"'{text}': the port must be a number 1-65535";
            return false;
        }

        if (host.Length == 0)
        {
            error = $"'{text}': the host is empty";
            return false;
        }

        value = new HostPort(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
