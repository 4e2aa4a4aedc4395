namespace EdgeSensors.Cli;

/// <summary>
/// Where a command writes and how: tests pass string writers (plain text, no ANSI), the real process passes the console.
/// </summary>
/// <param name="Out">Results (tables, JSON lines).</param>
/// <param name="Error">One-line causes of failure.</param>
/// <param name="IsTerminal">True only for an interactive console: enables Spectre tables, live display and progress bars.</param>
/// <param name="Cancellation">Stops long-running commands (watch, simulate, scan) in addition to Ctrl+C/SIGTERM.</param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, bool IsTerminal, CancellationToken Cancellation);
