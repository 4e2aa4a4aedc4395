using System.Net;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads 'buses:': serial ports, Modbus TCP servers and RTU-over-TCP converters.</summary>
internal sealed class BusReader(ErrorSink sink)
{
    private readonly UniqueNames _names = new(sink, "bus");

    /// <summary>Every bus name written, including buses with errors (devices on those are not blamed again).</summary>
    public IReadOnlyCollection<string> Declared => _names.Names;

    public IReadOnlyList<BusConfig> ReadAll(YamlMap root)
    {
        var buses = new List<BusConfig>();
        foreach (YamlMap map in ListItems.Read(root, "buses", "- name: ...", ConfigVocabulary.BusKeys, required: true))
        {
            if (Read(map, _names) is BusConfig bus)
            {
                buses.Add(bus);
            }
        }

        return buses;
    }

    private static BusConfig? Read(YamlMap map, UniqueNames names)
    {
        string? name = ConfigNames.Read(map, "name", "bus", "field-485");
        if (name is not null && !names.Add(name, map, "name"))
        {
            name = null;
        }

        BusKind? kind = map.Enum("type", ConfigVocabulary.BusKinds, required: true);
        TimeSpan timeout = TimeSpan.FromMilliseconds(map.Integer("timeout_ms", 10, 60_000) ?? ConfigDefaults.TimeoutMs);
        int retries = (int)(map.Integer("retries", 0, 10) ?? ConfigDefaults.Retries);
        if (kind is null)
        {
            return null;
        }

        RejectKeysOfOtherTypes(map, kind.Value);
        return kind.Value switch
        {
            BusKind.Serial => ReadSerial(map, name, timeout, retries),
            BusKind.Tcp => ReadTcp(map, name, timeout, retries),
            _ => ReadRtuOverTcp(map, name, timeout, retries),
        };
    }

    private static SerialBusConfig? ReadSerial(YamlMap map, string? name, TimeSpan timeout, int retries)
    {
        string? device = map.String("device", required: true);
        if (device is not null && string.IsNullOrWhiteSpace(device))
        {
            map.Error("device", "'device' is empty", "name the serial port, e.g. device: /dev/ttyUSB0");
            device = null;
        }

        int baud = ReadBaud(map);
        System.IO.Ports.Parity parity = map.Enum("parity", ConfigVocabulary.Parities) ?? System.IO.Ports.Parity.None;
        int dataBits = (int)(map.Integer("data_bits", 7, 8) ?? ConfigDefaults.DataBits);
        long stopBits = map.Integer("stop_bits", 1, 2) ?? ConfigDefaults.StopBits;
        if (name is null || device is null)
        {
            return null;
        }

        return new SerialBusConfig
        {
            Name = name,
            Timeout = timeout,
            Retries = retries,
            Line = new SerialLineSettings(device)
            {
                Baud = baud,
                Parity = parity,
                DataBits = dataBits,
                StopBits = stopBits == 2 ? System.IO.Ports.StopBits.Two : System.IO.Ports.StopBits.One,
            },
        };
    }

    private static TcpBusConfig? ReadTcp(YamlMap map, string? name, TimeSpan timeout, int retries)
    {
        string? host = ReadHost(map);
        int port = (int)(map.Integer("port", 1, 65535) ?? ConfigDefaults.TcpPort);
        if (map.Has("baud"))
        {
            map.Error("baud", "'baud' does not apply to type: tcp", "remove it; a Modbus TCP server has no serial speed (for a serial-to-Ethernet converter use type: rtu_over_tcp)");
        }

        return name is null || host is null ? null : new TcpBusConfig { Name = name, Timeout = timeout, Retries = retries, Host = host, Port = port };
    }

    private static RtuOverTcpBusConfig? ReadRtuOverTcp(YamlMap map, string? name, TimeSpan timeout, int retries)
    {
        string? host = ReadHost(map);
        long? port = map.Integer("port", 1, 65535, required: true);
        int baud = ReadBaud(map);
        if (name is null || host is null || port is null)
        {
            return null;
        }

        return new RtuOverTcpBusConfig { Name = name, Timeout = timeout, Retries = retries, Host = host, Port = (int)port, Baud = baud };
    }

    private static int ReadBaud(YamlMap map)
    {
        long? baud = map.Integer("baud", 300, 921_600);
        if (baud is not null && !ConfigVocabulary.StandardBauds.Contains((int)baud))
        {
            map.Error("baud", $"{baud} baud is not a standard RS-485 speed", $"use {string.Join(", ", ConfigVocabulary.StandardBauds)} baud, as set on the instruments");
        }

        return (int)(baud ?? ConfigDefaults.Baud);
    }

    private static string? ReadHost(YamlMap map)
    {
        string? host = map.String("host", required: true);
        if (host is null)
        {
            return null;
        }

        if (host.Contains("://", StringComparison.Ordinal))
        {
            map.Error("host", $"'{host}' is a URL, not a host", "write the host alone (host: 192.168.1.30) and the port under 'port'");
            return null;
        }

        if (!IPAddress.TryParse(host, out _) && host.Contains(':', StringComparison.Ordinal))
        {
            map.Error("host", $"'{host}' has a port in it", $"split it: host: {host[..host.LastIndexOf(':')]} and port: {host[(host.LastIndexOf(':') + 1)..]}");
            return null;
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            map.Error("host", $"'{host}' is not a host name or IP address", "write e.g. host: 192.168.1.30 or host: plc-1.site.local");
            return null;
        }

        return host;
    }

    private static void RejectKeysOfOtherTypes(YamlMap map, BusKind kind)
    {
        string type = ConfigVocabulary.BusKinds.First(pair => pair.Value == kind).Key;
        string[] foreign = kind == BusKind.Serial ? ConfigVocabulary.NetworkOnlyKeys : ConfigVocabulary.SerialOnlyKeys;
        foreach (string key in foreign)
        {
            if (map.Has(key))
            {
                string belongs = kind == BusKind.Serial ? "tcp and rtu_over_tcp buses" : "serial buses";
                map.Sink.Add(map.KeyNode(key), map.Child(key), $"'{key}' does not apply to type: {type}", $"remove it ('{key}' is for {belongs}), or change the type");
            }
        }
    }
}
