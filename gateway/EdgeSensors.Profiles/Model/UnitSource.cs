namespace EdgeSensors.Profiles.Model;

/// <summary>
/// The engineering unit read from the device: the code in tag <see cref="Tag"/> (optionally a bit field of it, as
/// in the PT495 status register's high byte) looked up in <see cref="Codes"/>.
/// </summary>
public sealed class UnitSource
{
    public required string Tag { get; init; }

    public int LowBit { get; init; }

    /// <summary>Field width in bits; 0 means the whole value.</summary>
    public int Width { get; init; }

    public required IReadOnlyDictionary<long, string> Codes { get; init; }
}
