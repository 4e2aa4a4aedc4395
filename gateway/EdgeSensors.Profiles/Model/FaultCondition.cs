namespace EdgeSensors.Profiles.Model;

/// <summary>
/// When a measurement must not be trusted: a status tag with any of <see cref="Mask"/>'s bits set, or (when
/// <see cref="OnNaN"/>) a NaN value, which is how KELLER reports a channel error.
/// </summary>
public sealed record FaultCondition(string? Tag, ulong Mask, bool OnNaN)
{
    public static FaultCondition NaN { get; } = new(null, 0, true);

    public static FaultCondition Bit(string tag, int bit) => new(tag, 1UL << bit, false);

    public override string ToString() => OnNaN ? "nan" : $"{Tag} & 0x{Mask:X}";
}
