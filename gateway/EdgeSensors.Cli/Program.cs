namespace EdgeSensors.Cli;

/// <summary>Entry point of `edgesensors`; the commands live in Commands/, the wiring in <see cref="CliApplication"/>.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) =>
        CliApplication.RunAsync(args, new CliEnvironment(Console.Out, Console.Error, IsTerminal: !Console.IsOutputRedirected, CancellationToken.None), handleSignals: true);

    /// <summary>Runs the CLI in-process (tests): plain text output, no signal handlers, stopped by <paramref name="ct"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        CliApplication.RunAsync(args, new CliEnvironment(stdout, stderr, IsTerminal: false, ct), handleSignals: false);
}
