namespace EdgeSensors.Profiles.Model;

/// <summary>The serial line and unit address an instrument ships with.</summary>
public sealed class LineDefaults
{
    public int Baud { get; init; } = 9600;

    public LineParity Parity { get; init; } = LineParity.None;

    public int DataBits { get; init; } = 8;

    public int StopBits { get; init; } = 1;

    /// <summary>Factory unit (slave) address.</summary>
    public byte Unit { get; init; } = 1;

    /// <summary>"9600-8N1" style summary.</summary>
    public override string ToString() => $"{Baud}-{DataBits}{Parity.ToString()[0]}{StopBits}";
}
