namespace EdgeSensors.Cli;

/// <summary>A command line that parsed but makes no sense (e.g. two connections); reported with exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
