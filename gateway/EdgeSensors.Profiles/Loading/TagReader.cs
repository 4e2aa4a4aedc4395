using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Reads one entry of 'tags:' and checks what can be checked without looking at the other tags.</summary>
internal sealed class TagReader(ErrorSink sink)
{
    public TagDefinition? Read(YamlMap map, WordOrder defaultOrder)
    {
        string? name = map.String("name", required: true);
        if (name is not null && !IsIdentifier(name))
        {
            sink.Add(map.Value("name"), map.Child("name"), $"tag name '{name}' must be lower_snake_case (a-z, 0-9, _), starting with a letter");
        }

        string label = name is null ? map.Path : $"tag '{name}'";
        RegisterTable? table = map.Enum("table", Vocabulary.Tables, required: true);
        ushort? address = ReadAddress(map, table, label);
        bool isBit = table is RegisterTable.Coil or RegisterTable.DiscreteInput;
        DataType type = ReadType(map, isBit, label);
        WordOrder order = map.Enum("word_order", Vocabulary.WordOrders) ?? defaultOrder;
        TagKind kind = map.Enum("kind", Vocabulary.Kinds) ?? TagKind.Measurement;
        LinearScale? scale = ReadScale(map);
        string? decimalsFrom = map.String("decimals_from");
        if (scale is not null && decimalsFrom is not null)
        {
            sink.Add(map.KeyNode("decimals_from"), map.Child("decimals_from"), $"{label} has both 'scale' and 'decimals_from': keep one (decimals_from divides by 10^places)");
        }

        IReadOnlyList<StatusBit> bits = ReadBits(map, kind, type, label);
        IReadOnlyList<FaultCondition> faults = new FaultReader(sink).Read(map, type, label);
        UnitSource? unitFrom = ReadUnitFrom(map);
        ValueRange? range = ReadRange(map, label);
        if (name is null || table is null || address is null)
        {
            return null;
        }

        return new TagDefinition
        {
            Name = name,
            Description = map.String("description") ?? string.Empty,
            Table = table.Value,
            Address = address.Value,
            Type = type,
            WordOrder = order,
            Scale = scale,
            DecimalsFrom = decimalsFrom,
            Unit = map.String("unit"),
            UnitFrom = unitFrom,
            Range = range,
            Kind = kind,
            Bits = bits,
            FaultWhen = faults,
            Line = (int)map.Node.Start.Line,
        };
    }

    private static bool IsIdentifier(string name)
    {
        return name.Length > 0 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
    }

    private ushort? ReadAddress(YamlMap map, RegisterTable? table, string label)
    {
        bool hasAddress = map.Has("address");
        bool hasNumber = map.Has("register_number");
        if (hasAddress && hasNumber)
        {
            sink.Add(map.KeyNode("register_number"), map.Child("register_number"), $"{label} has both 'address' and 'register_number': give one (address 0 is register number 40001)");
            return null;
        }

        if (!hasAddress && !hasNumber)
        {
            sink.Add(map.Node, map.Child("address"), $"{label} needs 'address' (0-based, e.g. 0x0006) or 'register_number' (e.g. 40007)");
            return null;
        }

        if (hasAddress)
        {
            long? address = map.Integer("address", 0, ushort.MaxValue);
            return address is null ? null : (ushort)address;
        }

        long? number = map.Integer("register_number", 1, 465536);
        if (number is null)
        {
            return null;
        }

        if (!RegisterNumbers.TryToAddress(number.Value, out RegisterTable numberTable, out ushort parsed, out string? error))
        {
            sink.Add(map.Value("register_number"), map.Child("register_number"), error!);
            return null;
        }

        if (table is not null && numberTable != table)
        {
            sink.Add(
                map.Value("register_number"),
                map.Child("register_number"),
                $"register number {number} is in the {Vocabulary.TableWord(numberTable)} table but the tag says table: {Vocabulary.TableWord(table.Value)}: fix one of them, or give the 0-based 'address' ({parsed}) instead");
            return null;
        }

        return parsed;
    }

    private DataType ReadType(YamlMap map, bool isBit, string label)
    {
        if (!map.Has("type"))
        {
            return DataType.UInt16;
        }

        string? text = map.String("type");
        if (text is null)
        {
            return DataType.UInt16;
        }

        if (!Vocabulary.Types.TryGetValue(text, out DataType? type))
        {
            string? hint = KeyHints.Closest(text, Vocabulary.Types.Keys);
            string suffix = hint is null ? string.Empty : $" (did you mean '{hint}'?)";
            sink.Add(map.Value("type"), map.Child("type"), $"unknown type '{text}': use {YamlMap.JoinChoices(Vocabulary.Types.Keys)}{suffix}");
            return DataType.UInt16;
        }

        if (isBit != (type is null))
        {
            string fix = isBit ? "coils and discrete inputs are single bits: use type: bool" : "bool is only for table: coil or discrete";
            sink.Add(map.Value("type"), map.Child("type"), $"{label}: {fix}");
        }

        return type ?? DataType.UInt16;
    }

    private LinearScale? ReadScale(YamlMap map)
    {
        YamlMap? scale = map.Map("scale", Vocabulary.ScaleKeys);
        if (scale is null)
        {
            return null;
        }

        double gain = scale.Number("gain") ?? 1;
        if (gain == 0)
        {
            sink.Add(scale.Value("gain"), scale.Child("gain"), "gain 0 would turn every reading into the offset: use the instrument's resolution, e.g. 0.1");
        }

        return new LinearScale(gain, scale.Number("offset") ?? 0);
    }

    private ValueRange? ReadRange(YamlMap map, string label)
    {
        YamlMap? range = map.Map("range", Vocabulary.RangeKeys);
        if (range is null)
        {
            return null;
        }

        double? min = range.Number("min", required: true);
        double? max = range.Number("max", required: true);
        if (min is null || max is null)
        {
            return null;
        }

        if (min >= max)
        {
            sink.Add(range.Node, range.Path, $"{label}: range min {min} must be below max {max}");
            return null;
        }

        return new ValueRange(min.Value, max.Value);
    }

    private IReadOnlyList<StatusBit> ReadBits(YamlMap map, TagKind kind, DataType type, string label)
    {
        YamlNode? node = map.Value("bits");
        if (node is null)
        {
            return [];
        }

        if (kind != TagKind.Status)
        {
            sink.Add(map.KeyNode("bits"), map.Child("bits"), $"{label}: 'bits' is only for kind: status");
        }

        if (node is not YamlMappingNode bitsNode)
        {
            sink.Add(node, map.Child("bits"), "'bits' must map a bit number to { meaning: ..., severity: fault|alarm|info }");
            return [];
        }

        int width = DataTypes.RegisterCount(type) * 16;
        var bits = new List<StatusBit>();
        foreach (KeyValuePair<YamlNode, YamlNode> entry in bitsNode.Children)
        {
            string bitText = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
            string path = map.Child($"bits.{bitText}");
            if (!YamlMap.TryParseInteger(bitText, out long bit) || bit < 0 || bit >= width)
            {
                sink.Add(entry.Key, path, $"bit '{bitText}' must be 0 to {width - 1} for a {type.ToString().ToLowerInvariant()} status tag");
                continue;
            }

            if (entry.Value is not YamlMappingNode bitNode)
            {
                sink.Add(entry.Value, path, "each bit must be { meaning: ..., severity: fault|alarm|info }");
                continue;
            }

            var bitMap = new YamlMap(bitNode, path, sink, Vocabulary.BitKeys);
            string? meaning = bitMap.String("meaning", required: true);
            Severity severity = bitMap.Enum("severity", Vocabulary.Severities) ?? Severity.Info;
            if (meaning is not null)
            {
                bits.Add(new StatusBit((int)bit, meaning, severity));
            }
        }

        return bits;
    }

    private UnitSource? ReadUnitFrom(YamlMap map)
    {
        YamlMap? unitFrom = map.Map("unit_from", Vocabulary.UnitFromKeys);
        if (unitFrom is null)
        {
            return null;
        }

        string? tag = unitFrom.String("tag", required: true);
        int lowBit = (int)(unitFrom.Integer("low_bit", 0, 63) ?? 0);
        int width = (int)(unitFrom.Integer("width", 1, 64) ?? 0);
        var codes = new Dictionary<long, string>();
        YamlNode? mapNode = unitFrom.Value("map");
        if (mapNode is not YamlMappingNode codeNodes || codeNodes.Children.Count == 0)
        {
            sink.Add(mapNode ?? unitFrom.Node, unitFrom.Child("map"), "unit_from needs 'map': { code: unit, ... }, e.g. { 45: m, 49: mm }");
            return null;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> entry in codeNodes.Children)
        {
            string codeText = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (!YamlMap.TryParseInteger(codeText, out long code))
            {
                sink.Add(entry.Key, unitFrom.Child($"map.{codeText}"), $"unit code '{codeText}' must be an integer");
                continue;
            }

            string? unit = (entry.Value as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(unit))
            {
                sink.Add(entry.Value, unitFrom.Child($"map.{codeText}"), $"unit code {code} needs a unit string, e.g. \"bar\"");
                continue;
            }

            codes[code] = unit;
        }

        return tag is null ? null : new UnitSource { Tag = tag, LowBit = lowBit, Width = width, Codes = codes };
    }
}
