using System.Text.Json;
using EdgeSensors.Cli;

namespace EdgeSensors.Gateway.Tests.Cli;

/// <summary>What one in-process `edgesensors` run printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs the CLI entry point in-process with string writers (plain text, no ANSI, no signal handlers).</summary>
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int code = await Program.RunAsync(args, stdout, stderr, timeout.Token);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Stdout parsed as a single JSON document (throws if it is not valid JSON).</summary>
    public JsonElement Json()
    {
        using JsonDocument document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    public IReadOnlyList<string> OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
