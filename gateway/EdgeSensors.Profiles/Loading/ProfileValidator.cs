using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Checks that need all tags at once: unique names, no overlapping registers, references that resolve.</summary>
internal sealed class ProfileValidator(ErrorSink sink)
{
    public void Validate(IReadOnlyList<ParsedTag> tags)
    {
        var byName = new Dictionary<string, ParsedTag>(StringComparer.Ordinal);
        foreach (ParsedTag parsed in tags)
        {
            if (!byName.TryAdd(parsed.Tag.Name, parsed))
            {
                int firstLine = byName[parsed.Tag.Name].Tag.Line;
                sink.Add(parsed.Map.Value("name"), parsed.Map.Child("name"), $"tag name '{parsed.Tag.Name}' is already used on line {firstLine}: names must be unique");
            }
        }

        CheckExtents(tags);
        CheckOverlaps(tags);
        foreach (ParsedTag parsed in tags)
        {
            CheckReferences(parsed, byName);
        }
    }

    private void CheckExtents(IReadOnlyList<ParsedTag> tags)
    {
        foreach (ParsedTag parsed in tags)
        {
            TagDefinition tag = parsed.Tag;
            if (tag.Address + tag.Length > 65536)
            {
                sink.Add(AddressNode(parsed), AddressKey(parsed), $"tag '{tag.Name}': {TypeWord(tag)} needs {tag.Length} registers but address 0x{tag.Address:X4} + {tag.Length} runs past 0xFFFF");
            }
        }
    }

    private void CheckOverlaps(IReadOnlyList<ParsedTag> tags)
    {
        foreach (var group in tags.GroupBy(t => t.Tag.Table))
        {
            List<ParsedTag> sorted = group.OrderBy(t => t.Tag.Address).ToList();
            for (int i = 1; i < sorted.Count; i++)
            {
                TagDefinition previous = sorted[i - 1].Tag;
                TagDefinition current = sorted[i].Tag;
                if (previous.Address + previous.Length > current.Address)
                {
                    ParsedTag culprit = sorted[i - 1];
                    string what = previous.Length == 1
                        ? $"address 0x{previous.Address:X4} is also used by tag '{current.Name}'"
                        : $"{TypeWord(previous)} needs {previous.Length} registers but address 0x{previous.Address:X4} + {previous.Length} overlaps tag '{current.Name}'";
                    sink.Add(AddressNode(culprit), AddressKey(culprit), $"tag '{previous.Name}': {what} (line {current.Line}): check the datasheet's register map");
                }
            }
        }
    }

    private void CheckReferences(ParsedTag parsed, Dictionary<string, ParsedTag> byName)
    {
        TagDefinition tag = parsed.Tag;
        YamlMap map = parsed.Map;
        if (tag.DecimalsFrom is not null)
        {
            if (!byName.TryGetValue(tag.DecimalsFrom, out ParsedTag? places))
            {
                sink.Add(map.Value("decimals_from"), map.Child("decimals_from"), $"tag '{tag.Name}': decimals_from names '{tag.DecimalsFrom}', which is not a tag in this profile{Hint(tag.DecimalsFrom, byName)}");
            }
            else if (places.Tag.IsBit || DataTypes.IsFloat(places.Tag.Type) || places.Tag.Length != 1)
            {
                sink.Add(map.Value("decimals_from"), map.Child("decimals_from"), $"tag '{tag.Name}': decimals_from tag '{places.Tag.Name}' must be a uint16 or int16 register holding the number of decimal places");
            }
        }

        if (tag.Unit is not null && tag.UnitFrom is not null)
        {
            sink.Add(map.KeyNode("unit"), map.Child("unit"), $"tag '{tag.Name}' has both 'unit' and 'unit_from': keep unit_from when the device reports its unit, else unit");
        }

        if (tag.UnitFrom is not null && !byName.ContainsKey(tag.UnitFrom.Tag))
        {
            sink.Add(map.Value("unit_from"), map.Child("unit_from.tag"), $"tag '{tag.Name}': unit_from names '{tag.UnitFrom.Tag}', which is not a tag in this profile{Hint(tag.UnitFrom.Tag, byName)}");
        }

        if (tag.FaultWhen.Count > 0 && tag.Kind != TagKind.Measurement)
        {
            sink.Add(map.KeyNode("fault_when"), map.Child("fault_when"), $"tag '{tag.Name}': fault_when is only for kind: measurement");
        }

        foreach (FaultCondition condition in tag.FaultWhen)
        {
            if (condition.Tag is null)
            {
                continue;
            }

            if (!byName.TryGetValue(condition.Tag, out ParsedTag? status))
            {
                sink.Add(map.Value("fault_when"), map.Child("fault_when"), $"tag '{tag.Name}': fault_when names '{condition.Tag}', which is not a tag in this profile{Hint(condition.Tag, byName)}");
            }
            else if (status.Tag.Kind != TagKind.Status)
            {
                sink.Add(map.Value("fault_when"), map.Child("fault_when"), $"tag '{tag.Name}': fault_when tag '{condition.Tag}' must have kind: status");
            }
            else if (!status.Tag.IsBit && status.Tag.Length < 4 && condition.Mask >> (status.Tag.Length * 16) != 0)
            {
                sink.Add(map.Value("fault_when"), map.Child("fault_when"), $"tag '{tag.Name}': fault bit mask 0x{condition.Mask:X} does not fit the {status.Tag.Length * 16}-bit status tag '{condition.Tag}'");
            }
        }
    }

    private static string Hint(string name, Dictionary<string, ParsedTag> byName)
    {
        string? hint = KeyHints.Closest(name, byName.Keys);
        return hint is null ? string.Empty : $" (did you mean '{hint}'?)";
    }

    private static string TypeWord(TagDefinition tag) => tag.IsBit ? "bool" : tag.Type.ToString().ToLowerInvariant();

    private static YamlDotNet.RepresentationModel.YamlNode? AddressNode(ParsedTag parsed) =>
        parsed.Map.Value("address") ?? parsed.Map.Value("register_number") ?? parsed.Map.Node;

    private static string AddressKey(ParsedTag parsed) =>
        parsed.Map.Child(parsed.Map.Has("register_number") ? "register_number" : "address");
}
