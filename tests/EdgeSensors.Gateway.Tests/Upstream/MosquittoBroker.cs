using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>
/// A real Mosquitto broker (Debian's /usr/sbin/mosquitto) on a free 127.0.0.1 port with a generated config, for
/// upstream tests. tests/run-all.sh installs mosquitto; without it these tests fail and say how to install it.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _directory;
    private Process? _process;

    private MosquittoBroker(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Directory => _directory;

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    private string LogPath => Path.Combine(_directory, "mosquitto.log");

    /// <summary>Starts a broker; <paramref name="extraConfig"/> is appended to the listener block (TLS, auth).</summary>
    public static async Task<MosquittoBroker> StartAsync(string extraConfig = "allow_anonymous true", int? port = null, string? directory = null)
    {
        string dir = directory ?? System.IO.Directory.CreateTempSubdirectory("edgesensors-mosquitto-").FullName;
        var broker = new MosquittoBroker(dir, port ?? FreePort());
        await broker.RestartAsync(extraConfig);
        return broker;
    }

    public static string Executable =>
        new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("mosquitto is not installed: apt-get install mosquitto (tests/run-all.sh does this)");

    /// <summary>
    /// (Re)starts the broker process on the same port and directory. As root (CI), "user root" keeps mosquitto from
    /// dropping to the mosquitto user, who cannot read the private temp directory.
    /// </summary>
    public async Task RestartAsync(string extraConfig = "allow_anonymous true")
    {
        string config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            {(Environment.UserName == "root" ? "user root" : string.Empty)}
            per_listener_settings true
            persistence false
            log_dest file {LogPath}
            log_type all
            listener {Port} 127.0.0.1
            {extraConfig}
            """);
        _process = Process.Start(new ProcessStartInfo(Executable, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}\n{Log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"mosquitto did not listen on {Port} within 10 s\n{Log}");
    }

    /// <summary>Kills the broker (SIGKILL), as a crash or a network cut looks to the gateway.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
