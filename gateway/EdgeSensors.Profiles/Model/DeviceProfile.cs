using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Profiles.Model;

/// <summary>One instrument's register map, as read from hardware/profiles/&lt;instrument&gt;/profile.yaml.</summary>
public sealed class DeviceProfile
{
    public required string Id { get; init; }

    public required string Manufacturer { get; init; }

    public required string Model { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>The datasheet or manual the register map was taken from.</summary>
    public required string Source { get; init; }

    public LineDefaults Line { get; init; } = new();

    /// <summary>Word order of multi-register values unless a tag overrides it.</summary>
    public WordOrder WordOrder { get; init; } = WordOrder.ABCD;

    public required IReadOnlyList<TagDefinition> Tags { get; init; }

    /// <summary>The file the profile was loaded from, for messages; empty when built in code.</summary>
    public string SourcePath { get; init; } = string.Empty;

    public TagDefinition? FindTag(string name)
    {
        foreach (TagDefinition tag in Tags)
        {
            if (string.Equals(tag.Name, name, StringComparison.Ordinal))
            {
                return tag;
            }
        }

        return null;
    }

    public TagDefinition GetTag(string name)
    {
        return FindTag(name) ?? throw new KeyNotFoundException($"profile '{Id}' has no tag '{name}'");
    }

    public override string ToString() => $"{Id} ({Manufacturer} {Model})";
}
