namespace EdgeSensors.Interop.Tests.Support;

/// <summary>Finds the third-party programs the interop suites talk to, and says which Debian package is missing.</summary>
internal static class PeerTools
{
    /// <summary>Debian's python3, which has python3-pymodbus (3.0.0rc1); a pyenv python3 on PATH does not.</summary>
    public const string DebianPython = "/usr/bin/python3";

    private static readonly Lazy<string?> LazyPymodbusMissing = new(ProbePymodbus);

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="program"/> is on PATH, else a reason naming its Debian package.</summary>
    public static string? MissingProgram(string program, string debianPackage)
    {
        return Find(program) is null ? program + " not found on PATH (apt-get install " + debianPackage + ")" : null;
    }

    /// <summary>Null when Debian's python3 can import pymodbus and its serial support, else the reason.</summary>
    public static string? MissingPymodbus() => LazyPymodbusMissing.Value;

    /// <summary>The first non-null reason, or null when nothing is missing.</summary>
    public static string? FirstMissing(params string?[] reasons) => reasons.FirstOrDefault(r => r is not null);

    private static string? ProbePymodbus()
    {
        if (!File.Exists(DebianPython))
        {
            return DebianPython + " not found (apt-get install python3-pymodbus)";
        }

        ToolResult result = ToolRun.RunAsync(DebianPython, ["-c", "import pymodbus, serial_asyncio"], TimeSpan.FromSeconds(30))
            .GetAwaiter().GetResult();
        return result.ExitCode == 0 ? null : "pymodbus not importable by " + DebianPython + " (apt-get install python3-pymodbus): " + result.StandardError.Trim();
    }
}
