namespace EdgeSensors.Cli.Reading;

/// <summary>The outcome of one poll (address range or profile), with the exit code and one-line cause of a failure.</summary>
public abstract record PollOutcome
{
    public abstract bool IsOk { get; }

    public abstract int ExitCode { get; }

    /// <summary>One line naming the unit, register and cause; null when the poll succeeded.</summary>
    public abstract string? Error { get; }
}
