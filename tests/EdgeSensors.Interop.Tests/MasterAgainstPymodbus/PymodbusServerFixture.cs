using System.Globalization;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.MasterAgainstPymodbus;

/// <summary>
/// tests/interop/pymodbus_server.py serving expected-values.json on a free TCP port and, as RTU, on the
/// server end of a socat pty pair. One per test class; torn down (processes killed, links gone) after it.
/// </summary>
public sealed class PymodbusServerFixture : IAsyncLifetime
{
    private SocatPtyPair? _ptys;
    private PeerProcess? _server;

    /// <summary>Null when pymodbus is installed, else why no test against it can run here.</summary>
    public string? MissingPeer { get; private set; }

    /// <summary>Null when socat is installed too, else why the RTU side cannot run here (TCP still does).</summary>
    public string? MissingRtuPeer { get; private set; }

    public int TcpPort { get; private set; }

    /// <summary>The pty end our RTU master opens.</summary>
    public string RtuDevice => _ptys?.ClientEnd ?? throw new InvalidOperationException("not started: " + MissingRtuPeer);

    public string ServerOutput => _server?.Output ?? "";

    public async Task InitializeAsync()
    {
        MissingPeer = PeerTools.MissingPymodbus();
        MissingRtuPeer = PeerTools.FirstMissing(MissingPeer, SocatPtyPair.MissingReason);
        if (MissingPeer is not null)
        {
            return;
        }

        var arguments = new List<string> { RepoPaths.InteropFile("pymodbus_server.py"), "--tcp-port", "0" };
        if (MissingRtuPeer is null)
        {
            _ptys = await SocatPtyPair.StartAsync();
            arguments.AddRange(["--rtu-device", _ptys.ServerEnd, "--baud", "9600"]);
        }

        _server = await PeerProcess.StartAsync(
            PeerTools.DebianPython,
            arguments,
            line => line.StartsWith("READY ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        // "READY tcp=<port> rtu=<device>"
        string portField = _server.ReadyLine.Split(' ').Single(f => f.StartsWith("tcp=", StringComparison.Ordinal));
        TcpPort = int.Parse(portField["tcp=".Length..], CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_ptys is not null)
        {
            await _ptys.DisposeAsync();
        }
    }
}
