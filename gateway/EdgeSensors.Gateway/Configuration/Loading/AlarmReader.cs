using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>What an alarm check needs to know about its tag.</summary>
internal sealed record AlarmContext(string ProfileId, TagDefinition Definition, string Label, string AlarmTag, TimeSpan PollInterval);

/// <summary>
/// Reads a tag's 'alarms:' (semantics in docs/alarms.md): a GB/T 50493 preset from the alarm core, limits and
/// settings that override it, rate of change and the fault alarm; then checks the limits against each other, the
/// instrument's range and the standard.
/// </summary>
internal sealed class AlarmReader(ErrorSink sink)
{
    private static readonly AlarmKind[] LimitKinds = [AlarmKind.HighHigh, AlarmKind.High, AlarmKind.Low, AlarmKind.LowLow];

    public AlarmConfig? Read(YamlMap tag, AlarmContext context)
    {
        YamlMap? map = tag.Map("alarms", ConfigVocabulary.AlarmKeys);
        if (map is null)
        {
            return null;
        }

        if (context.Definition.Kind != TagKind.Measurement)
        {
            sink.Add(tag.KeyNode("alarms"), tag.Child("alarms"), $"{context.Label} is a {context.Definition.Kind.ToString().ToLowerInvariant()} tag; alarms are for measurements", "remove 'alarms' here and set them on the measurement tag");
            return null;
        }

        GasPreset preset = ReadPreset(map, context);
        string unit = TagUnits.Text(context.Definition, preset);
        double? basis = ReadBasis(map, preset, unit);
        TagAlarmConfig? standard = GasPresets.Build(preset, context.AlarmTag, unit, basis);
        var shared = new SharedSettings(
            map.Number("hysteresis", 0, double.MaxValue, unit),
            Seconds(map.Number("on_delay_s", 0, 3600, "s")),
            Seconds(map.Number("off_delay_s", 0, 3600, "s")),
            map.Boolean("latch"));
        List<Limit> limits = ReadLimits(map, standard, shared);
        CheckAgainstStandard(limits, standard, preset, context, unit);
        CheckOrder(limits, context, unit);
        CheckRange(limits, context, unit);
        CheckClearing(map, limits, context, unit);
        var config = new AlarmConfig
        {
            Preset = preset,
            PresetBasis = basis,
            HighHigh = Find(limits, AlarmKind.HighHigh),
            High = Find(limits, AlarmKind.High),
            Low = Find(limits, AlarmKind.Low),
            LowLow = Find(limits, AlarmKind.LowLow),
            Rate = ReadRate(map, context, unit, shared),
            Fault = ReadFault(map),
            FromStandard = [.. limits.Where(l => l.FromStandard).Select(l => l.Kind)],
        };
        if (config.Kinds.IsEmpty)
        {
            sink.Add(map.Node, map.Path, $"{context.Label}: 'alarms' watches nothing", "set a preset, a limit under 'limits', a rate, or leave fault_alarm on; or remove 'alarms'");
        }

        return config;
    }

    private static LimitSetting? Find(List<Limit> limits, AlarmKind kind) => limits.FirstOrDefault(l => l.Kind == kind)?.Setting;

    private static TimeSpan? Seconds(double? seconds) => seconds is null ? null : TimeSpan.FromSeconds(seconds.Value);

    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    private GasPreset ReadPreset(YamlMap map, AlarmContext context)
    {
        GasPreset? preset = map.Enum("preset", ConfigVocabulary.Presets);
        if (preset is null)
        {
            return GasPreset.None;
        }

        string? needed = GasPresets.Unit(preset.Value);
        IReadOnlyList<string> units = TagUnits.Possible(context.Definition);
        if (needed is not null && !units.Contains(needed))
        {
            string has = units.Count == 0 ? "no unit" : "unit " + string.Join(" or ", units);
            string word = map.String("preset")!;
            map.Error("preset", $"{context.Label} has {has} in profile '{context.ProfileId}', but the {word} preset's set points are in {needed}", $"remove 'preset', or put it on the tag that reads {needed}");

            // The preset's limits would be in the wrong unit: checking them against this tag only adds noise.
            return GasPreset.None;
        }

        return preset.Value;
    }

    private double? ReadBasis(YamlMap map, GasPreset preset, string unit)
    {
        string? wanted = GasPresets.BasisKey(preset);
        foreach (string key in new[] { "oel", "idlh" }.Where(k => k != wanted && map.Has(k)))
        {
            string forPreset = key == "oel" ? "toxic_gas" : "toxic_gas_idlh";
            sink.Add(map.KeyNode(key), map.Child(key), $"'{key}' is only used by preset: {forPreset}", $"set preset: {forPreset}, or remove '{key}'");
        }

        if (wanted is null)
        {
            return null;
        }

        double? basis = map.Number(wanted, 0, double.MaxValue, unit);
        if (basis is null && !map.Has(wanted))
        {
            string what = wanted == "oel" ? "100 % and 200 % of the gas's occupational exposure limit (OEL)" : "5 % and 10 % of its IDLH";
            string example = wanted == "oel" ? "oel: 10 for H2S in ppm" : "idlh: 100 for H2S in ppm";
            map.Error("preset", $"the {map.String("preset")} preset puts h and hh at {what}, which only the site knows ({GasPresets.Clause})", $"add {wanted}: <value in the tag's unit>, e.g. {example}");
        }
        else if (basis == 0)
        {
            map.Error(wanted, $"{wanted} 0 would put every limit at 0", $"give the gas's {wanted.ToUpperInvariant()} in the tag's unit");
            basis = null;
        }

        return basis;
    }

    private static List<Limit> ReadLimits(YamlMap map, TagAlarmConfig? standard, SharedSettings shared)
    {
        YamlMap? given = map.Map("limits", ConfigVocabulary.LimitKeys);
        var limits = new List<Limit>();
        foreach (AlarmKind kind in LimitKinds)
        {
            string word = AlarmWords.Word(kind);
            double? written = given?.Number(word);
            AlarmLimit? preset = standard is not null && standard.Get(kind).Enabled ? standard.Get(kind) : null;
            if (written is null && preset is null)
            {
                continue;
            }

            // Settings written at the tag level win; otherwise the preset's own (GB/T 50493 presets latch the second level).
            var setting = new LimitSetting(
                written ?? preset!.Limit,
                shared.Hysteresis ?? preset?.Hysteresis ?? ConfigDefaults.Hysteresis,
                shared.OnDelay ?? (preset is null ? TimeSpan.FromSeconds(ConfigDefaults.OnDelaySeconds) : Ms(preset.OnDelayMs)),
                shared.OffDelay ?? (preset is null ? TimeSpan.FromSeconds(ConfigDefaults.OffDelaySeconds) : Ms(preset.OffDelayMs)),
                shared.Latch ?? preset?.Latching ?? ConfigDefaults.Latch);
            YamlNode? node = written is null ? map.Value("preset") : given!.Value(word);
            string path = written is null ? map.Child("preset") : given!.Child(word);
            limits.Add(new Limit(kind, setting, node, path, written is null, preset?.Limit));
        }

        return limits;
    }

    private void CheckAgainstStandard(List<Limit> limits, TagAlarmConfig? standard, GasPreset preset, AlarmContext context, string unit)
    {
        if (standard is null)
        {
            return;
        }

        foreach (Limit limit in limits.Where(l => !l.FromStandard && l.Standard is not null))
        {
            bool high = limit.Kind is AlarmKind.High or AlarmKind.HighHigh;
            double value = limit.Setting.Value;
            double set = limit.Standard!.Value;
            if (high ? value <= set : value >= set)
            {
                continue;
            }

            string word = AlarmWords.Word(limit.Kind);
            string presetWord = ConfigVocabulary.Presets.First(p => p.Value == preset).Key;
            sink.Add(
                limit.Node,
                limit.Path,
                $"{context.Label}: {word} {TagUnits.Value(value, unit)} is less strict than the {presetWord} preset's {TagUnits.Value(set, unit)} ({GasPresets.Clause} sets this alarm at {(high ? "no more than" : "no less than")} that)",
                $"set {word} to {TagUnits.Value(set, unit)} or {(high ? "lower" : "higher")}, or leave it out to use the preset's value");
        }
    }

    private void CheckOrder(List<Limit> limits, AlarmContext context, string unit)
    {
        // Limits are in the order hh, h, l, ll: each must be above the next one present (the alarm core refuses the rest).
        for (int i = 1; i < limits.Count; i++)
        {
            Limit upper = limits[i - 1];
            Limit lower = limits[i];
            if (upper.Setting.Value > lower.Setting.Value)
            {
                continue;
            }

            Limit culprit = upper.FromStandard ? lower : upper;
            string upperWord = AlarmWords.Word(upper.Kind);
            string lowerWord = AlarmWords.Word(lower.Kind);
            sink.Add(
                culprit.Node,
                culprit.Path,
                $"{context.Label}: {upperWord} {TagUnits.Value(upper.Setting.Value, unit)}{Origin(upper)} is not above {lowerWord} {TagUnits.Value(lower.Setting.Value, unit)}{Origin(lower)}",
                $"limits must fall in the order hh > h > l > ll: raise {upperWord} or lower {lowerWord}");
        }
    }

    private void CheckRange(List<Limit> limits, AlarmContext context, string unit)
    {
        ValueRange? range = context.Definition.Range;
        if (range is null)
        {
            return;
        }

        foreach (Limit limit in limits.Where(l => !range.Contains(l.Setting.Value)))
        {
            string word = AlarmWords.Word(limit.Kind);
            string span = $"{TagUnits.Value(range.Min, string.Empty)} to {TagUnits.Value(range.Max, unit)}";
            sink.Add(
                limit.Node,
                limit.Path,
                $"{context.Label}: {word} {TagUnits.Value(limit.Setting.Value, unit)}{Origin(limit)} is outside the instrument's range {span} (profile '{context.ProfileId}'), so it could never be reached",
                $"set {word} within {span}, or use an instrument with a wider range");
        }
    }

    private void CheckClearing(YamlMap map, List<Limit> limits, AlarmContext context, string unit)
    {
        ValueRange? range = context.Definition.Range;
        if (range is null)
        {
            return;
        }

        foreach (Limit limit in limits.Where(l => l.Setting.Hysteresis > 0))
        {
            bool high = limit.Kind is AlarmKind.High or AlarmKind.HighHigh;
            double value = limit.Setting.Value;
            double clearsAt = high ? value - limit.Setting.Hysteresis : value + limit.Setting.Hysteresis;
            if (high ? clearsAt > range.Min : clearsAt < range.Max)
            {
                continue;
            }

            string word = AlarmWords.Word(limit.Kind);
            YamlNode? node = map.Value("hysteresis") ?? map.Value("preset") ?? map.Node;
            string path = map.Has("hysteresis") ? map.Child("hysteresis") : map.Child("preset");
            sink.Add(
                node,
                path,
                $"{context.Label}: with hysteresis {TagUnits.Value(limit.Setting.Hysteresis, unit)} the {word} alarm at {TagUnits.Value(value, unit)} would clear only {(high ? "below" : "above")} {TagUnits.Value(clearsAt, unit)}, beyond the instrument's range, so it could never clear",
                $"use a hysteresis smaller than {TagUnits.Value(high ? value - range.Min : range.Max - value, unit)}");
            return;
        }
    }

    private RateOfChange? ReadRate(YamlMap alarms, AlarmContext context, string unit, SharedSettings shared)
    {
        YamlMap? map = alarms.Map("rate", ConfigVocabulary.RateKeys);
        if (map is null)
        {
            return null;
        }

        string perMinuteUnit = unit.Length == 0 ? "per minute" : unit + "/min";
        double? perMinute = map.Number("per_minute", 0, double.MaxValue, perMinuteUnit, required: true);
        if (perMinute == 0)
        {
            map.Error("per_minute", $"{context.Label}: a rate of 0 {perMinuteUnit} would alarm on any change", $"give the fastest normal change in {perMinuteUnit}, e.g. per_minute: 0.5");
            perMinute = null;
        }

        double windowSeconds = map.Number("window_s", 1, 3600, "s") ?? ConfigDefaults.RateWindowSeconds;
        double minimum = 2 * context.PollInterval.TotalSeconds;
        if (windowSeconds < minimum)
        {
            map.Error("window_s", $"{context.Label}: a {YamlMap.Format(windowSeconds)} s window holds fewer than two readings at the device's poll interval of {YamlMap.Format(context.PollInterval.TotalSeconds)} s", $"set window_s to at least {YamlMap.Format(minimum)} s");
        }

        double hysteresis = map.Number("hysteresis", 0, double.MaxValue, perMinuteUnit) ?? ConfigDefaults.RateHysteresis;
        if (perMinute is not null && hysteresis >= perMinute)
        {
            map.Error("hysteresis", $"{context.Label}: a rate hysteresis of {TagUnits.Value(hysteresis, perMinuteUnit)} is not below per_minute {TagUnits.Value(perMinute.Value, perMinuteUnit)}, so the rate alarm could never clear", $"use a rate hysteresis below {TagUnits.Value(perMinute.Value, perMinuteUnit)}");
        }

        RateDirection direction = map.Enum("direction", ConfigVocabulary.Directions) ?? RateDirection.Falling;
        int history = (int)(map.Integer("history", TagAlarmConfig.MinRateHistoryLength, TagAlarmConfig.MaxRateHistoryLength) ?? ConfigDefaults.RateHistory);
        if (perMinute is null)
        {
            return null;
        }

        return new RateOfChange
        {
            PerMinute = perMinute.Value,
            Window = TimeSpan.FromSeconds(windowSeconds),
            Direction = direction,
            Hysteresis = hysteresis,
            History = history,
            OnDelay = shared.OnDelay ?? TimeSpan.Zero,
            OffDelay = shared.OffDelay ?? TimeSpan.Zero,
            Latch = shared.Latch ?? ConfigDefaults.Latch,
        };
    }

    private FaultAlarm? ReadFault(YamlMap alarms)
    {
        var standard = new FaultAlarm(FaultTriggers.NoMeasurement, TimeSpan.FromSeconds(ConfigDefaults.FaultOnDelaySeconds), TimeSpan.FromSeconds(ConfigDefaults.FaultOffDelaySeconds), ConfigDefaults.FaultLatch);
        YamlNode? node = alarms.Value("fault_alarm");
        if (node is null)
        {
            return ConfigDefaults.FaultAlarm ? standard : null;
        }

        if (node is YamlScalarNode)
        {
            return alarms.Boolean("fault_alarm") == false ? null : standard;
        }

        YamlMap? map = alarms.Map("fault_alarm", ConfigVocabulary.FaultKeys);
        if (map is null)
        {
            return null;
        }

        FaultTriggers triggers = ReadTriggers(map) ?? standard.Triggers;
        return new FaultAlarm(
            triggers,
            TimeSpan.FromSeconds(map.Number("on_delay_s", 0, 3600, "s") ?? ConfigDefaults.FaultOnDelaySeconds),
            TimeSpan.FromSeconds(map.Number("off_delay_s", 0, 3600, "s") ?? ConfigDefaults.FaultOffDelaySeconds),
            map.Boolean("latch") ?? ConfigDefaults.FaultLatch);
    }

    private FaultTriggers? ReadTriggers(YamlMap map)
    {
        IReadOnlyList<YamlNode>? items = map.Sequence("on", "- sensor_fault");
        if (items is null)
        {
            return null;
        }

        string choices = YamlMap.JoinChoices(ConfigVocabulary.Triggers.Keys);
        if (items.Count == 0)
        {
            map.Error("on", "'on' lists no reading qualities, so the fault alarm could never be raised", $"list some of {choices}, or write fault_alarm: false");
            return null;
        }

        FaultTriggers triggers = FaultTriggers.None;
        for (int i = 0; i < items.Count; i++)
        {
            string? word = (items[i] as YamlScalarNode)?.Value;
            if (word is null || !ConfigVocabulary.Triggers.TryGetValue(word, out FaultTriggers trigger))
            {
                sink.Add(items[i], map.Item("on", i), $"'{word}' is not a reading quality", $"use {choices}{KeyHints.Suffix(word ?? string.Empty, ConfigVocabulary.Triggers.Keys)}");
                continue;
            }

            triggers |= trigger;
        }

        return triggers;
    }

    private static string Origin(Limit limit) => limit.FromStandard ? " (preset)" : string.Empty;

    /// <summary>Settings written once at the tag level for all its limits; null where not written.</summary>
    private sealed record SharedSettings(double? Hysteresis, TimeSpan? OnDelay, TimeSpan? OffDelay, bool? Latch);

    private sealed record Limit(AlarmKind Kind, LimitSetting Setting, YamlNode? Node, string Path, bool FromStandard, double? Standard);
}
