namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>Writes a host and port the way they are typed back in: IPv6 literals in brackets ("[::1]:502").</summary>
internal static class HostPortText
{
    public static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]:" + port : host + ":" + port;
}
