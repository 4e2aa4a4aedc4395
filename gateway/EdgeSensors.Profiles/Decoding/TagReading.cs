using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Decoding;

/// <summary>One tag decoded to engineering units, with its quality and the reasons behind it.</summary>
public sealed class TagReading
{
    public required TagDefinition Tag { get; init; }

    /// <summary>The engineering value (NaN when <see cref="Quality"/> is Missing or Invalid).</summary>
    public double Value { get; init; } = double.NaN;

    /// <summary>The decoded register value before scaling.</summary>
    public double Raw { get; init; } = double.NaN;

    public string? Unit { get; init; }

    public ReadingQuality Quality { get; init; }

    /// <summary>Why the quality is not Good (fault bit meanings, "NaN: channel error", "above range 0..100").</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>For status tags: the defined bits that are set.</summary>
    public IReadOnlyList<StatusBit> ActiveBits { get; init; } = [];

    public bool IsGood => Quality == ReadingQuality.Good;

    public override string ToString()
    {
        string text = $"{Tag.Name} = {Value:0.###}{(Unit is null ? string.Empty : " " + Unit)} [{Quality}]";
        return Reasons.Count == 0 ? text : $"{text}: {string.Join("; ", Reasons)}";
    }
}
