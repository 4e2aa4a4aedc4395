using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads 'outputs:': local GPIO outputs and the alarms that switch them, which must exist.</summary>
internal sealed class OutputReader(ErrorSink sink, IReadOnlyList<DeviceConfig> devices, IReadOnlyCollection<string> declaredDevices)
{
    private readonly Dictionary<int, (string Output, long Line)> _pins = [];

    public IReadOnlyList<OutputConfig> ReadAll(YamlMap root)
    {
        var outputs = new List<OutputConfig>();
        var names = new UniqueNames(sink, "output");
        foreach (YamlMap map in ListItems.Read(root, "outputs", "- name: ...", ConfigVocabulary.OutputKeys, required: false))
        {
            if (Read(map, names) is OutputConfig output)
            {
                outputs.Add(output);
            }
        }

        return outputs;
    }

    private OutputConfig? Read(YamlMap map, UniqueNames names)
    {
        string? name = ConfigNames.Read(map, "name", "output", "t101-beacon");
        if (name is not null && !names.Add(name, map, "name"))
        {
            name = null;
        }

        long? pin = map.Integer("gpio_pin", 0, ConfigVocabulary.MaxGpioPin, required: true);
        if (pin is not null && name is not null)
        {
            CheckPinIsFree(map, (int)pin, name);
        }

        ActiveLevel level = map.Enum("active_level", ConfigVocabulary.ActiveLevels) ?? ActiveLevel.High;
        OutputMode mode = map.Enum("mode", ConfigVocabulary.OutputModes) ?? OutputMode.WhileActive;
        OutputDriver driver = map.Enum("driver", ConfigVocabulary.Drivers) ?? OutputDriver.Gpio;
        List<AlarmRef> alarms = ReadAlarms(map, name);
        if (name is null || pin is null || alarms.Count == 0)
        {
            return null;
        }

        return new OutputConfig { Name = name, GpioPin = (int)pin, ActiveLevel = level, Mode = mode, Driver = driver, Alarms = [.. alarms] };
    }

    private void CheckPinIsFree(YamlMap map, int pin, string output)
    {
        if (_pins.TryGetValue(pin, out var first))
        {
            map.Error("gpio_pin", $"GPIO {pin} is already output '{first.Output}' (line {first.Line})", "give each output its own pin");
            return;
        }

        _pins[pin] = (output, map.Value("gpio_pin")!.Start.Line);
    }

    private List<AlarmRef> ReadAlarms(YamlMap map, string? output)
    {
        var refs = new List<AlarmRef>();
        IReadOnlyList<YamlNode>? items = map.Sequence("alarms", "- device.tag.level", required: true);
        if (items is null)
        {
            return refs;
        }

        if (items.Count == 0)
        {
            map.Error("alarms", $"output '{output}' has no alarms to follow", "list alarms as device.tag.level (e.g. t101-lel.concentration.hh), device.tag for all of a tag's alarms, or * / *.hh for every tag");
        }

        for (int i = 0; i < items.Count; i++)
        {
            string path = map.Item("alarms", i);
            if (items[i] is not YamlScalarNode { Value: { } text })
            {
                sink.Add(items[i], path, "each alarm is one device.tag.level text", "write e.g. - t101-lel.concentration.hh");
                continue;
            }

            if (Resolve(text, items[i], path) is AlarmRef alarm)
            {
                refs.Add(alarm);
            }
        }

        return refs;
    }

    private AlarmRef? Resolve(string text, YamlNode node, string path)
    {
        string[] parts = text.Split('.');
        if (parts[0] == "*" && parts.Length <= 2)
        {
            // Every tag with alarms: only the level can be wrong.
            AlarmKind? any = parts.Length == 1 ? null : ParseLevel(parts[1], text, node, path);
            return parts.Length == 1 || any is not null ? new AlarmRef(null, null, any) : null;
        }

        if (parts.Length is < 2 or > 3)
        {
            sink.Add(node, path, $"'{text}' is not device.tag, device.tag.level, * or *.level", "write e.g. t101-lel.concentration.hh (levels: hh, h, l, ll, rate, fault)");
            return null;
        }

        DeviceConfig? device = devices.FirstOrDefault(d => d.Name == parts[0]);
        if (device is null)
        {
            // A device that is written but has errors was reported already; only an unknown name is reported here.
            if (!declaredDevices.Contains(parts[0]))
            {
                string[] known = [.. declaredDevices];
                sink.Add(node, path, $"'{text}' names device '{parts[0]}', which is not defined", $"use one of {string.Join(", ", known)}{KeyHints.Suffix(parts[0], known)}");
            }

            return null;
        }

        TagConfig? tag = device.FindTag(parts[1]);
        if (tag is null)
        {
            string[] published = [.. device.Tags.Select(t => t.Name)];
            sink.Add(node, path, $"'{text}': device '{device.Name}' publishes no tag '{parts[1]}'", $"use one of its tags: {string.Join(", ", published)}{KeyHints.Suffix(parts[1], published)}");
            return null;
        }

        if (tag.Alarms is null)
        {
            sink.Add(node, path, $"'{text}': tag '{tag.Name}' of device '{device.Name}' has no alarms", $"add 'alarms:' to that tag under device '{device.Name}'");
            return null;
        }

        if (parts.Length == 2)
        {
            return new AlarmRef(device.Name, tag.Name, null);
        }

        AlarmKind? kind = ParseLevel(parts[2], text, node, path);
        if (kind is null)
        {
            return null;
        }

        if (!tag.Alarms.Has(kind.Value))
        {
            string setting = kind switch
            {
                AlarmKind.SensorFault => "alarms.fault_alarm: true",
                AlarmKind.RateOfChange => "alarms.rate: { per_minute: ... }",
                _ => $"alarms.limits.{parts[2]}",
            };
            string has = string.Join(", ", tag.Alarms.Kinds.Select(AlarmWords.Word));
            sink.Add(node, path, $"'{text}': tag '{tag.Name}' of device '{device.Name}' has no {parts[2]} alarm", $"set {setting} on that tag, or use one it has: {has}");
            return null;
        }

        return new AlarmRef(device.Name, tag.Name, kind);
    }

    private AlarmKind? ParseLevel(string word, string text, YamlNode node, string path)
    {
        AlarmKind? kind = AlarmWords.Parse(word);
        if (kind is null)
        {
            sink.Add(node, path, $"'{text}': '{word}' is not an alarm level", $"use hh, h, l, ll, rate or fault{KeyHints.Suffix(word, AlarmWords.All)}");
        }

        return kind;
    }
}
