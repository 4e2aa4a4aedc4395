using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeSensors.Interop.Tests.Support;

/// <summary>
/// A long-running peer (a server, socat) started for a fixture: waits until it prints its ready line,
/// keeps everything it printed for failure messages, and kills its whole process tree on dispose.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, bool> _isReady;

    private PeerProcess(Process process, Func<string, bool> isReady)
    {
        _process = process;
        _isReady = isReady;
    }

    public string CommandLine { get; private init; } = "";

    /// <summary>The line that signalled readiness.</summary>
    public string ReadyLine { get; private set; } = "";

    /// <summary>Everything printed so far, stdout and stderr interleaved.</summary>
    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    public static async Task<PeerProcess> StartAsync(string fileName, IReadOnlyList<string> arguments, Func<string, bool> isReady, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, isReady) { CommandLine = fileName + " " + string.Join(' ', arguments) };
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data);
        process.Exited += (_, _) => peer._ready.TrySetException(new InvalidOperationException("exited before it was ready"));
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            peer.ReadyLine = await peer._ready.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            string output = peer.Output;
            await peer.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("peer not ready (" + ex.Message + ", timeout " + timeout + "): " + peer.CommandLine + "\n" + output, ex);
        }

        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }
        catch (OperationCanceledException)
        {
            // It ignored SIGKILL for 10 s (zombie); the test run must not hang on it.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (_isReady(line))
        {
            _ready.TrySetResult(line);
        }
    }
}
