using System.Diagnostics;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Runs tests/EdgeSensors.FaultTools (copied into the test output by its project reference) as a real child process.</summary>
internal sealed class FaultToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private FaultToolProcess(Process process)
    {
        _process = process;
    }

    public static FaultToolProcess Start(params string[] args)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "EdgeSensors.FaultTools.dll");
        if (!File.Exists(tool))
        {
            throw new FileNotFoundException("EdgeSensors.FaultTools.dll is not in the test output; build tests/EdgeSensors.Gateway.Tests", tool);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet " + tool);
        var child = new FaultToolProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._stderr)
                {
                    child._stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return child;
    }

    public int Id => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Next stdout line, or null at end of output or after the timeout.</summary>
    public string? ReadLine(TimeSpan timeout)
    {
        var read = _process.StandardOutput.ReadLineAsync();
        return read.Wait(timeout) ? read.Result : null;
    }

    /// <summary>SIGKILL (Process.Kill on Unix), then waits until the process is gone.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }
}
