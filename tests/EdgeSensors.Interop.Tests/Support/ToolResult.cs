namespace EdgeSensors.Interop.Tests.Support;

/// <summary>What a finished peer program printed and returned.</summary>
internal sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything about the run, for an assertion message.</summary>
    public override string ToString()
    {
        return "$ " + CommandLine + "\nexit " + ExitCode + "\n--- stdout\n" + StandardOutput + "--- stderr\n" + StandardError;
    }
}
