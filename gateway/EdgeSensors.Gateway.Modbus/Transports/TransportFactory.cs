using System.Globalization;
using System.IO.Ports;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// Builds a transport from a URI-like text: "tcp://host:502", "rtu:/dev/ttyUSB0?baud=9600&amp;parity=even&amp;stop=1&amp;data=8",
/// "rtu-over-tcp://host:4001" (optionally "?baud=19200" for the serial side's t3.5).
/// </summary>
public static class TransportFactory
{
    /// <summary>Parses <paramref name="text"/>; throws ArgumentException naming what is wrong and the accepted forms.</summary>
    public static IModbusTransport Parse(string text)
    {
        if (!TryParse(text, out IModbusTransport? transport, out string? error))
        {
            throw new ArgumentException(error, nameof(text));
        }

        return transport;
    }

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IModbusTransport? transport, out string? error)
    {
        transport = null;
        string trimmed = (text ?? "").Trim();
        (string body, string query) = SplitQuery(trimmed);
        if (!TryReadOptions(query, out Dictionary<string, string> options, out error))
        {
            return false;
        }

        if (body.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryHostPort(body["tcp://".Length..], 502, out string host, out int port, out error))
            {
                return false;
            }

            transport = new TcpTransport(host, port);
            return true;
        }

        if (body.StartsWith("rtu-over-tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryHostPort(body["rtu-over-tcp://".Length..], 0, out string host, out int port, out error)
                || !TryInt(options, "baud", 9600, out int baud, out error))
            {
                return false;
            }

            transport = new RtuOverTcpTransport(host, port, baud);
            return true;
        }

        if (body.StartsWith("rtu:", StringComparison.OrdinalIgnoreCase))
        {
            string portName = body["rtu:".Length..];
            if (portName.Length == 0)
            {
                error = "'" + trimmed + "' names no serial port; write rtu:/dev/ttyUSB0?baud=9600&parity=none&stop=1";
                return false;
            }

            if (!TryInt(options, "baud", 9600, out int baud, out error)
                || !TryInt(options, "data", 8, out int dataBits, out error)
                || !TryParity(options, out Parity parity, out error)
                || !TryStopBits(options, out StopBits stopBits, out error))
            {
                return false;
            }

            transport = new RtuSerialTransport(new SerialLineSettings(portName) { Baud = baud, DataBits = dataBits, Parity = parity, StopBits = stopBits });
            return true;
        }

        error = "'" + trimmed + "' is not a transport: use tcp://host:502, rtu:/dev/ttyUSB0?baud=9600&parity=even&stop=1 or rtu-over-tcp://host:4001";
        return false;
    }

    private static (string Body, string Query) SplitQuery(string text)
    {
        int mark = text.IndexOf('?', StringComparison.Ordinal);
        return mark < 0 ? (text, "") : (text[..mark], text[(mark + 1)..]);
    }

    private static bool TryReadOptions(string query, out Dictionary<string, string> options, out string? error)
    {
        options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = "option '" + pair + "' is not name=value";
                return false;
            }

            string name = pair[..equals].Trim();
            if (name is not ("baud" or "parity" or "stop" or "data"))
            {
                error = "unknown option '" + name + "'; known: baud, parity, stop, data";
                return false;
            }

            options[name] = pair[(equals + 1)..].Trim();
        }

        return true;
    }

    private static bool TryHostPort(string text, int defaultPort, out string host, out int port, out string? error)
    {
        host = text;
        port = defaultPort;
        error = null;
        int colon = text.LastIndexOf(':');
        if (colon >= 0 && !text.EndsWith(']'))
        {
            host = text[..colon];
            if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
            {
                error = "port '" + text[(colon + 1)..] + "' is not 1-65535";
                return false;
            }
        }

        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            error = "'" + text + "' names no host";
            return false;
        }

        if (port == 0)
        {
            error = "'" + text + "' needs a port (host:4001)";
            return false;
        }

        return true;
    }

    private static bool TryInt(Dictionary<string, string> options, string name, int fallback, out int value, out string? error)
    {
        error = null;
        value = fallback;
        if (!options.TryGetValue(name, out string? text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value <= 0)
        {
            error = name + " '" + text + "' is not a positive number";
            return false;
        }

        return true;
    }

    private static bool TryParity(Dictionary<string, string> options, out Parity parity, out string? error)
    {
        error = null;
        parity = Parity.None;
        if (!options.TryGetValue("parity", out string? text))
        {
            return true;
        }

        switch (text.ToLowerInvariant())
        {
            case "none" or "n": parity = Parity.None; return true;
            case "even" or "e": parity = Parity.Even; return true;
            case "odd" or "o": parity = Parity.Odd; return true;
            case "mark" or "m": parity = Parity.Mark; return true;
            case "space" or "s": parity = Parity.Space; return true;
            default:
                error = "parity '" + text + "' is not none, even, odd, mark or space";
                return false;
        }
    }

    private static bool TryStopBits(Dictionary<string, string> options, out StopBits stopBits, out string? error)
    {
        error = null;
        stopBits = StopBits.One;
        if (!options.TryGetValue("stop", out string? text))
        {
            return true;
        }

        switch (text)
        {
            case "1": stopBits = StopBits.One; return true;
            case "1.5": stopBits = StopBits.OnePointFive; return true;
            case "2": stopBits = StopBits.Two; return true;
            default:
                error = "stop bits '" + text + "' is not 1, 1.5 or 2";
                return false;
        }
    }
}
