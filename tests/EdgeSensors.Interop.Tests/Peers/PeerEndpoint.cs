namespace EdgeSensors.Interop.Tests.Peers;

/// <summary>Where a third-party master connects: a TCP port on loopback or an RTU device (pty) at 9600 8N1.</summary>
public sealed record PeerEndpoint(int TcpPort, string? RtuDevice)
{
    public const int Baud = 9600;

    public bool IsRtu => RtuDevice is not null;

    public static PeerEndpoint Tcp(int port) => new(port, null);

    public static PeerEndpoint Rtu(string device) => new(0, device);

    public override string ToString() => IsRtu ? "rtu:" + RtuDevice : "tcp://127.0.0.1:" + TcpPort;
}
