using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>One Modbus line the gateway masters: a serial port, a Modbus TCP server or a serial-to-Ethernet converter.</summary>
public abstract record BusConfig
{
    public required string Name { get; init; }

    /// <summary>How long one request waits for its response.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Extra attempts after a timeout or a broken frame.</summary>
    public required int Retries { get; init; }

    public abstract BusKind Kind { get; }

    /// <summary>"tcp 127.0.0.1:5020", "serial /dev/ttyUSB0 9600-8N1", ...</summary>
    public abstract string Describe();

    /// <summary>A transport for this bus; it connects on first use.</summary>
    public abstract IModbusTransport CreateTransport();

    /// <summary>The master's timing for this bus.</summary>
    public BusOptions ToBusOptions() => new() { Timeout = Timeout, Retries = Retries };
}

/// <summary>Modbus RTU on a local serial port (an RS-485 adapter).</summary>
public sealed record SerialBusConfig : BusConfig
{
    public required SerialLineSettings Line { get; init; }

    public override BusKind Kind => BusKind.Serial;

    public override string Describe() => $"serial {Line.PortName} {Line.Describe()}";

    public override IModbusTransport CreateTransport() => new RtuSerialTransport(Line);
}

/// <summary>Modbus TCP (MBAP framing) to a server or gateway.</summary>
public sealed record TcpBusConfig : BusConfig
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public override BusKind Kind => BusKind.Tcp;

    public override string Describe() => $"tcp {Host}:{Port}";

    public override IModbusTransport CreateTransport() => new TcpTransport(Host, Port);
}

/// <summary>RTU frames tunnelled through TCP by a transparent serial server; <see cref="Baud"/> is the serial side's speed.</summary>
public sealed record RtuOverTcpBusConfig : BusConfig
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required int Baud { get; init; }

    public override BusKind Kind => BusKind.RtuOverTcp;

    public override string Describe() => $"rtu_over_tcp {Host}:{Port} ({Baud} baud serial side)";

    public override IModbusTransport CreateTransport() => new RtuOverTcpTransport(Host, Port, Baud);
}
