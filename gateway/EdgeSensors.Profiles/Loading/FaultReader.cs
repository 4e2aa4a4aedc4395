using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Reads 'fault_when': a list (or one item) of "nan" or { tag: status, bit: 2 } / { tag: trouble, mask: 0xFFFF }.</summary>
internal sealed class FaultReader(ErrorSink sink)
{
    public IReadOnlyList<FaultCondition> Read(YamlMap map, DataType type, string label)
    {
        YamlNode? node = map.Value("fault_when");
        if (node is null)
        {
            return [];
        }

        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        var conditions = new List<FaultCondition>();
        int index = 0;
        foreach (YamlNode item in items)
        {
            string path = map.Child($"fault_when[{index++}]");
            FaultCondition? condition = ReadOne(item, path, type, label);
            if (condition is not null)
            {
                conditions.Add(condition);
            }
        }

        return conditions;
    }

    private FaultCondition? ReadOne(YamlNode item, string path, DataType type, string label)
    {
        if (item is YamlScalarNode scalar)
        {
            if (!string.Equals(scalar.Value, "nan", StringComparison.Ordinal))
            {
                sink.Add(item, path, $"'{scalar.Value}' is not a fault condition: use nan or {{ tag: status, bit: 2 }}");
                return null;
            }

            if (!DataTypes.IsFloat(type))
            {
                sink.Add(item, path, $"{label}: 'nan' only applies to float32/float64 tags; an integer cannot be NaN");
                return null;
            }

            return FaultCondition.NaN;
        }

        if (item is not YamlMappingNode mapping)
        {
            sink.Add(item, path, "a fault condition is nan or { tag: status, bit: 2 }");
            return null;
        }

        var map = new YamlMap(mapping, path, sink, Vocabulary.FaultKeys);
        string? tag = map.String("tag", required: true);
        long? bit = map.Integer("bit", 0, 63);
        long? mask = map.Integer("mask", 1, long.MaxValue);
        if ((bit is null) == (mask is null))
        {
            sink.Add(mapping, path, $"{label}: a fault condition needs exactly one of 'bit' (e.g. bit: 2) or 'mask' (e.g. mask: 0xFFFF)");
            return null;
        }

        if (tag is null)
        {
            return null;
        }

        return bit is not null ? FaultCondition.Bit(tag, (int)bit) : new FaultCondition(tag, (ulong)mask!.Value, false);
    }
}
