namespace EdgeSensors.Interop.Tests.Support;

/// <summary>
/// Two pseudo-terminals joined by socat: a null-modem serial cable in software. Bytes written to one end
/// come out of the other. Each pair gets unique link names under /tmp so parallel fixtures never share one.
/// </summary>
internal sealed class SocatPtyPair : IAsyncDisposable
{
    private readonly PeerProcess _socat;

    private SocatPtyPair(PeerProcess socat, string serverEnd, string clientEnd)
    {
        _socat = socat;
        ServerEnd = serverEnd;
        ClientEnd = clientEnd;
    }

    /// <summary>The end the server under test opens.</summary>
    public string ServerEnd { get; }

    /// <summary>The end the master (client) opens.</summary>
    public string ClientEnd { get; }

    public static string? MissingReason => PeerTools.MissingProgram("socat", "socat");

    public static async Task<SocatPtyPair> StartAsync()
    {
        string stem = Path.Combine(Path.GetTempPath(), "edgesensors-pty-" + Guid.NewGuid().ToString("N")[..12]);
        string serverEnd = stem + "-server";
        string clientEnd = stem + "-client";
        PeerProcess socat = await PeerProcess.StartAsync(
            "socat",
            ["-d", "-d", "pty,raw,echo=0,link=" + serverEnd, "pty,raw,echo=0,link=" + clientEnd],
            line => line.Contains("starting data transfer loop", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        if (!File.Exists(serverEnd) || !File.Exists(clientEnd))
        {
            await socat.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("socat is running but its links are missing: " + serverEnd + ", " + clientEnd + "\n" + socat.Output);
        }

        return new SocatPtyPair(socat, serverEnd, clientEnd);
    }

    public string Output => _socat.Output;

    public async ValueTask DisposeAsync()
    {
        await _socat.DisposeAsync().ConfigureAwait(false);

        // socat removes its links on a clean exit only; it was killed, so the dangling links are ours to remove.
        File.Delete(ServerEnd);
        File.Delete(ClientEnd);
    }
}
