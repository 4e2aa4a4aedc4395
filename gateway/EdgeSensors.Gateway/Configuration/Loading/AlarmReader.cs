using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>What an alarm check needs to know about its tag.</summary>
internal sealed record AlarmContext(string ProfileId, TagDefinition Definition, GasKind Gas, string Label, TimeSpan PollInterval);

/// <summary>
/// Reads a tag's 'alarms:' (docs/alarms.md), fills in GB/T 50493 limits for gas tags, and checks the limits against
/// each other, the instrument's range and the standard.
/// </summary>
internal sealed class AlarmReader(ErrorSink sink)
{
    public AlarmConfig? Read(YamlMap tag, AlarmContext context)
    {
        YamlMap? map = tag.Map("alarms", ConfigVocabulary.AlarmKeys);
        if (map is null && (tag.Has("alarms") || context.Gas == GasKind.None))
        {
            return null;
        }

        if (map is not null && context.Definition.Kind != TagKind.Measurement)
        {
            sink.Add(tag.KeyNode("alarms"), tag.Child("alarms"), $"{context.Label} is a {context.Definition.Kind.ToString().ToLowerInvariant()} tag; limit alarms are for measurements", "remove 'alarms' here and set them on the measurement tag");
            return null;
        }

        string unit = TagUnits.Text(context.Definition, context.Gas);
        List<Limit> limits = ReadLimits(map, tag, context);
        bool complete = CheckToxicLimits(map, tag, context, limits);

        CheckAgainstStandard(limits, context, unit);
        CheckOrder(limits, context, unit);
        CheckRange(limits, context, unit);
        double hysteresis = map?.Number("hysteresis", 0, double.MaxValue, unit) ?? ConfigDefaults.Hysteresis;
        CheckHysteresis(map, limits, hysteresis, context, unit);
        var config = new AlarmConfig
        {
            HighHigh = Find(limits, AlarmLevel.HighHigh),
            High = Find(limits, AlarmLevel.High),
            Low = Find(limits, AlarmLevel.Low),
            LowLow = Find(limits, AlarmLevel.LowLow),
            Hysteresis = hysteresis,
            OnDelay = TimeSpan.FromSeconds(map?.Number("on_delay_s", 0, 3600, "s") ?? ConfigDefaults.OnDelaySeconds),
            OffDelay = TimeSpan.FromSeconds(map?.Number("off_delay_s", 0, 3600, "s") ?? ConfigDefaults.OffDelaySeconds),
            Latch = map?.Boolean("latch") ?? ConfigDefaults.Latch,
            Rate = ReadRate(map?.Map("rate", ConfigVocabulary.RateKeys), context, unit),
            FaultAlarm = map?.Boolean("fault_alarm") ?? ConfigDefaults.FaultAlarm,
            FromStandard = [.. limits.Where(l => l.FromStandard).Select(l => l.Level)],
        };
        if (map is not null && config.Levels.IsEmpty)
        {
            sink.Add(map.Node, map.Path, $"{context.Label}: 'alarms' watches nothing", "set a limit (hh, h, l, ll), a rate or fault_alarm: true; or remove 'alarms'");
        }

        return complete ? config : null;
    }

    private static double? Find(List<Limit> limits, AlarmLevel level) => limits.FirstOrDefault(l => l.Level == level)?.Value;

    private static List<Limit> ReadLimits(YamlMap? map, YamlMap tag, AlarmContext context)
    {
        var limits = new List<Limit>();
        foreach (AlarmLevel level in AlarmLevels.Limits)
        {
            string word = AlarmLevels.Word(level);
            if (map?.Number(word) is double value)
            {
                limits.Add(new Limit(level, value, map.Value(word), map.Child(word), false));
            }
        }

        foreach ((AlarmLevel level, double value) in GasAlarmDefaults.Limits(context.Gas))
        {
            if (limits.All(l => l.Level != level))
            {
                limits.Add(new Limit(level, value, tag.Value("gas"), tag.Child("gas"), true));
            }
        }

        return [.. limits.OrderBy(l => l.Level)];
    }

    private bool CheckToxicLimits(YamlMap? map, YamlMap tag, AlarmContext context, List<Limit> limits)
    {
        if (context.Gas != GasKind.Toxic || limits.Any(l => l.Level == AlarmLevel.High) && limits.Any(l => l.Level == AlarmLevel.HighHigh))
        {
            return true;
        }

        YamlNode? where = map?.Node ?? tag.Value("gas");
        string path = map?.Path ?? tag.Child("gas");
        sink.Add(where, path, $"{context.Label}: toxic gas has no default limits ({GasAlarmDefaults.Clause} sets them at 100 % and 200 % of the gas's occupational exposure limit)", "add alarms: { h: <100 % OEL>, hh: <200 % OEL> } in the tag's unit, e.g. h: 10, hh: 20 for H2S in ppm");
        return false;
    }

    private void CheckAgainstStandard(List<Limit> limits, AlarmContext context, string unit)
    {
        foreach (Limit limit in limits.Where(l => !l.FromStandard))
        {
            if (GasAlarmDefaults.IsAsStrict(context.Gas, limit.Level, limit.Value) != false)
            {
                continue;
            }

            double standard = GasAlarmDefaults.Limits(context.Gas).First(s => s.Level == limit.Level).Value;
            bool high = limit.Level is AlarmLevel.High or AlarmLevel.HighHigh;
            string word = AlarmLevels.Word(limit.Level);
            sink.Add(
                limit.Node,
                limit.Path,
                $"{context.Label}: {word} {TagUnits.Value(limit.Value, unit)} is less strict than {GasAlarmDefaults.Clause}, which sets this {context.Gas.ToString().ToLowerInvariant()} gas alarm at {(high ? "no more than" : "no less than")} {TagUnits.Value(standard, unit)}",
                $"set {word} to {TagUnits.Value(standard, unit)} or {(high ? "lower" : "higher")}, or leave it out to use the standard's value");
        }
    }

    private void CheckOrder(List<Limit> limits, AlarmContext context, string unit)
    {
        // Limits are sorted hh, h, l, ll: each must be above the next one present.
        for (int i = 1; i < limits.Count; i++)
        {
            Limit upper = limits[i - 1];
            Limit lower = limits[i];
            if (upper.Value > lower.Value)
            {
                continue;
            }

            Limit culprit = upper.FromStandard ? lower : upper;
            string upperWord = AlarmLevels.Word(upper.Level);
            string lowerWord = AlarmLevels.Word(lower.Level);
            sink.Add(
                culprit.Node,
                culprit.Path,
                $"{context.Label}: {upperWord} {TagUnits.Value(upper.Value, unit)}{Origin(upper)} is not above {lowerWord} {TagUnits.Value(lower.Value, unit)}{Origin(lower)}",
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

        foreach (Limit limit in limits.Where(l => !range.Contains(l.Value)))
        {
            string word = AlarmLevels.Word(limit.Level);
            string span = $"{TagUnits.Value(range.Min, string.Empty)} to {TagUnits.Value(range.Max, unit)}";
            sink.Add(
                limit.Node,
                limit.Path,
                $"{context.Label}: {word} {TagUnits.Value(limit.Value, unit)}{Origin(limit)} is outside the instrument's range {span} (profile '{context.ProfileId}'), so it could never be reached",
                $"set {word} within {span}, or use an instrument with a wider range");
        }
    }

    private void CheckHysteresis(YamlMap? map, List<Limit> limits, double hysteresis, AlarmContext context, string unit)
    {
        ValueRange? range = context.Definition.Range;
        if (map is null || range is null || hysteresis == 0)
        {
            return;
        }

        foreach (Limit limit in limits)
        {
            bool high = limit.Level is AlarmLevel.High or AlarmLevel.HighHigh;
            double clearsAt = high ? limit.Value - hysteresis : limit.Value + hysteresis;
            if (high ? clearsAt > range.Min : clearsAt < range.Max)
            {
                continue;
            }

            string word = AlarmLevels.Word(limit.Level);
            sink.Add(
                map.Value("hysteresis"),
                map.Child("hysteresis"),
                $"{context.Label}: with hysteresis {TagUnits.Value(hysteresis, unit)} the {word} alarm at {TagUnits.Value(limit.Value, unit)} would clear only {(high ? "below" : "above")} {TagUnits.Value(clearsAt, unit)}, beyond the instrument's range, so it could never clear",
                $"use a hysteresis smaller than {TagUnits.Value(high ? limit.Value - range.Min : range.Max - limit.Value, unit)}");
            return;
        }
    }

    private RateOfChange? ReadRate(YamlMap? map, AlarmContext context, string unit)
    {
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

        return perMinute is null ? null : new RateOfChange(perMinute.Value, TimeSpan.FromSeconds(windowSeconds));
    }

    private static string Origin(Limit limit) => limit.FromStandard ? $" ({GasAlarmDefaults.Clause} default)" : string.Empty;

    private sealed record Limit(AlarmLevel Level, double Value, YamlNode? Node, string Path, bool FromStandard);
}
