namespace EdgeSensors.Cli.Options;

/// <summary>RS-485 line settings as typed on the command line (8 data bits are implied).</summary>
public readonly record struct SerialLine(int Baud, string Parity, int StopBits)
{
    /// <summary>The usual short form, e.g. "9600 8N1".</summary>
    public override string ToString() => $"{Baud} baud 8{char.ToUpperInvariant(Parity[0])}{StopBits}";
}
