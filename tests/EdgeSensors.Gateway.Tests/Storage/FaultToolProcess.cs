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

    public static string ToolPath
    {
        get
        {
            string tool = Path.Combine(AppContext.BaseDirectory, "EdgeSensors.FaultTools.dll");
            return File.Exists(tool)
                ? tool
                : throw new FileNotFoundException("EdgeSensors.FaultTools.dll is not in the test output; build tests/EdgeSensors.Gateway.Tests", tool);
        }
    }

    public static FaultToolProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Start(start);
    }

    /// <summary>
    /// Runs the tool under a per-file size limit (RLIMIT_FSIZE, bash's ulimit -f, in KiB) with SIGXFSZ ignored, so a
    /// write past the limit fails with EFBIG the way a write to a full filesystem fails: a real error from the
    /// kernel, without a mount or root. W^X double mapping is turned off because the runtime maps its code through a
    /// memory file that the limit would refuse.
    /// </summary>
    public static FaultToolProcess StartWithFileSizeLimit(int limitKiB, params string[] args)
    {
        string command = "trap '' XFSZ; ulimit -f " + limitKiB + "; exec dotnet \"$@\"";
        var start = new ProcessStartInfo("bash");
        foreach (string arg in new[] { "-c", command, "bash", ToolPath }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return Start(start);
    }

    private static FaultToolProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
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

    /// <summary>Waits for the process to end by itself; its exit code, or null after the timeout.</summary>
    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout) ? _process.ExitCode : null;

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
