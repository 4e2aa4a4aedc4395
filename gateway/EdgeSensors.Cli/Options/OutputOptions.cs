using System.CommandLine;

namespace EdgeSensors.Cli.Options;

/// <summary>--json: machine-readable output on stdout (errors still get their one line on stderr).</summary>
public static class OutputOptions
{
    public static Option<bool> CreateJson() => new("--json")
    {
        Description = "Print machine-readable JSON on stdout instead of a table (watch: one JSON line per poll).",
    };
}
