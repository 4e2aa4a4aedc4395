using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace EdgeSensors.Gateway.Tests.Support;

/// <summary>
/// The real `edgesensors run` as a child process (dotnet exec of the CLI in the test output), with its stdout lines
/// collected and its DATA_DIR/status.json readable. SIGKILL and SIGHUP go to that process itself: `dotnet exec` hosts
/// the app in the same process.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private GatewayProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every stdout and stderr line so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    public static GatewayProcess Start(string config, string dataDirectory, string broker)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "edgesensors.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "run", "--config", config, "--data-dir", dataDirectory, "--broker", broker])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("edgesensors run did not start");
        var gateway = new GatewayProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => gateway.Add(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>DATA_DIR/status.json (written every 0.5 s by `run`), or null while it is missing.</summary>
    public JsonElement? Status() => ReadStatus(DataDirectory);

    public static JsonElement? ReadStatus(string dataDirectory)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "status.json")));
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>kill -HUP: `run` re-reads its config file at once.</summary>
    public void Hangup()
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", ["-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) ?? throw new InvalidOperationException("kill did not start");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public int CountLines(string containing) => _lines.Count(l => l.Contains(containing, StringComparison.Ordinal));

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
