namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>
/// How far a value must move from the last published one before it is published again. A percent deadband is of the
/// instrument's range in its profile (as OPC UA's PercentDeadband is of EURange); <see cref="Absolute"/> is always
/// in the tag's engineering unit.
/// </summary>
public sealed record Deadband(DeadbandKind Kind, double Given, double Absolute)
{
    public static Deadband None { get; } = new(DeadbandKind.Absolute, 0, 0);

    public override string ToString() => Kind == DeadbandKind.Percent ? $"{Given} % ({Absolute})" : $"{Absolute}";
}

public enum DeadbandKind
{
    Absolute,
    Percent,
}
