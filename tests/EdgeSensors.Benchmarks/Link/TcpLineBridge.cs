using System.Net;
using System.Net.Sockets;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// A loopback TCP port whose one client is wired to a serial line endpoint, like an RS-485-to-Ethernet converter:
/// it lets a master that takes a host and port (RtuOverTcpTransport) drive the wire-timed line. Each chunk the client
/// sends becomes one write on the line; bytes arriving from the line go back as they come.
/// </summary>
internal sealed class TcpLineBridge : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Stream _line;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public TcpLineBridge(Stream line)
    {
        _line = line;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            client.NoDelay = true;
            var socket = client.GetStream();
            using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = CopyAsync(socket, _line, session.Token);
            var down = CopyAsync(_line, socket, session.Token);
            await Task.WhenAny(up, down);
            await session.CancelAsync();
            await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[512];
        while (true)
        {
            int read = await from.ReadAsync(buffer, ct);
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }
}
