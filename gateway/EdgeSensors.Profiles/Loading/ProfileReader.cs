using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Turns a parsed YAML document into a <see cref="DeviceProfile"/>, reporting every key-level error.</summary>
internal sealed class ProfileReader(ErrorSink sink)
{
    /// <summary>Each tag with the mapping it came from, so cross-tag checks can point at the right key.</summary>
    public List<ParsedTag> Parsed { get; } = [];

    public DeviceProfile? Read(YamlMappingNode root)
    {
        var map = new YamlMap(root, string.Empty, sink, Vocabulary.RootKeys);
        string? id = map.String("id", required: true);
        string? manufacturer = map.String("manufacturer", required: true);
        string? model = map.String("model", required: true);
        string? source = map.String("source", required: true);
        string description = map.String("description") ?? string.Empty;
        LineDefaults line = ReadLine(map.Map("line", Vocabulary.LineKeys));
        WordOrder wordOrder = map.Enum("word_order", Vocabulary.WordOrders) ?? WordOrder.ABCD;
        List<TagDefinition> tags = ReadTags(map, wordOrder);
        if (id is null || manufacturer is null || model is null || source is null)
        {
            return null;
        }

        return new DeviceProfile
        {
            Id = id,
            Manufacturer = manufacturer,
            Model = model,
            Description = description,
            Source = source,
            Line = line,
            WordOrder = wordOrder,
            Tags = tags,
            SourcePath = sink.File,
        };
    }

    private LineDefaults ReadLine(YamlMap? line)
    {
        if (line is null)
        {
            return new LineDefaults();
        }

        long? baud = line.Integer("baud", 300, 921600);
        if (baud is not null && !Vocabulary.StandardBauds.Contains((int)baud))
        {
            sink.Add(line.Value("baud"), line.Child("baud"), $"{baud} is not a standard baud rate: use {string.Join(", ", Vocabulary.StandardBauds)}");
        }

        return new LineDefaults
        {
            Baud = (int)(baud ?? 9600),
            Parity = line.Enum("parity", Vocabulary.Parities) ?? LineParity.None,
            DataBits = (int)(line.Integer("data_bits", 7, 8) ?? 8),
            StopBits = (int)(line.Integer("stop_bits", 1, 2) ?? 1),
            Unit = (byte)(line.Integer("unit", ModbusLimits.MinUnit, ModbusLimits.MaxUnit) ?? 1),
        };
    }

    private List<TagDefinition> ReadTags(YamlMap root, WordOrder defaultOrder)
    {
        var tags = new List<TagDefinition>();
        YamlNode? node = root.Value("tags");
        if (node is null)
        {
            sink.Add(root.Node, "tags", "missing required key 'tags': list the instrument's registers under 'tags:'");
            return tags;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            sink.Add(node, "tags", "'tags' must be a non-empty list of tags (each starting with '- name: ...')");
            return tags;
        }

        for (int i = 0; i < sequence.Children.Count; i++)
        {
            string path = $"tags[{i}]";
            if (sequence.Children[i] is not YamlMappingNode tagNode)
            {
                sink.Add(sequence.Children[i], path, "each tag must be a mapping with name, table, address, type ...");
                continue;
            }

            var tagMap = new YamlMap(tagNode, path, sink, Vocabulary.TagKeys);
            TagDefinition? tag = new TagReader(sink).Read(tagMap, defaultOrder);
            if (tag is not null)
            {
                tags.Add(tag);
                Parsed.Add(new ParsedTag(tag, tagMap));
            }
        }

        return tags;
    }
}
