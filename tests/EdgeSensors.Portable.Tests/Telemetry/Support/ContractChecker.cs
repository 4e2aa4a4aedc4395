using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>
/// A second reading of the contract (docs/telemetry.md), written on System.Text.Json and regular expressions,
/// sharing no code with the decoder. The fuzz tests require both to accept exactly the same payloads.
/// </summary>
internal static partial class ContractChecker
{
    private static readonly string[] BatchMembers = ["schema", "source", "backfill", "readings"];
    private static readonly string[] ReadingMembers = ["tag", "value", "unit", "quality", "time_ms", "seq"];
    private static readonly string[] AlarmMembers = ["schema", "source", "backfill", "tag", "kind", "state", "value", "limit", "unit", "time_ms", "seq", "latched"];
    private static readonly string[] Qualities = ["good", "stale", "comm_failure", "out_of_range", "sensor_fault"];
    private static readonly string[] Kinds = ["HH", "H", "L", "LL", "rate", "sensor_fault"];
    private static readonly string[] States = ["raised", "returned", "acknowledged", "cleared"];

    /// <summary>Null when the payload is a valid batch of at most <paramref name="maxReadings"/> readings, else why not.</summary>
    public static string? CheckBatch(byte[] payload, int maxReadings = 500)
    {
        return Check(payload, BatchMembers, root =>
        {
            JsonElement readings = root.GetProperty("readings");
            if (readings.ValueKind != JsonValueKind.Array || readings.GetArrayLength() is < 1 || readings.GetArrayLength() > maxReadings)
            {
                return "readings must be an array of 1 to " + maxReadings;
            }

            ulong? previous = null;
            foreach (JsonElement reading in readings.EnumerateArray())
            {
                string? problem = reading.ValueKind != JsonValueKind.Object ? "reading is not an object" : Members(reading, ReadingMembers, first: null)
                    ?? Common(reading)
                    ?? OneOf(reading, "quality", Qualities);
                if (problem != null)
                {
                    return problem;
                }

                if (reading.GetProperty("value").ValueKind == JsonValueKind.Null && reading.GetProperty("quality").GetString() == "good")
                {
                    return "null value with quality good";
                }

                ulong seq = ulong.Parse(reading.GetProperty("seq").GetString()!, CultureInfo.InvariantCulture);
                if (seq <= previous)
                {
                    return "seq not ascending";
                }

                previous = seq;
            }

            return null;
        });
    }

    public static string? CheckAlarm(byte[] payload)
    {
        return Check(payload, AlarmMembers, root =>
        {
            string? problem = Common(root) ?? OneOf(root, "kind", Kinds) ?? OneOf(root, "state", States) ?? Boolean(root, "latched") ?? NumberOrNull(root, "limit");
            if (problem != null)
            {
                return problem;
            }

            bool hasLimit = root.GetProperty("kind").GetString() != "sensor_fault";
            return hasLimit == (root.GetProperty("limit").ValueKind == JsonValueKind.Null) ? "limit null exactly for sensor_fault" : null;
        });
    }

    private static string? Check(byte[] payload, string[] members, Func<JsonElement, string?> rest)
    {
        if (payload.Length >= 3 && payload[0] == 0xEF && payload[1] == 0xBB && payload[2] == 0xBF)
        {
            return "byte order mark";
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "not an object";
            }

            return Members(root, members, first: "schema")
                ?? (root.GetProperty("schema").GetRawText() == "1" ? null : "schema is not 1")
                ?? Matches(root, "source", SourceId())
                ?? Boolean(root, "backfill")
                ?? rest(root);
        }
        catch (JsonException e)
        {
            return "not JSON: " + e.Message;
        }
        catch (InvalidOperationException e)
        {
            // GetString on text that is not valid Unicode (a lone surrogate escape, bad UTF-8).
            return "not valid text: " + e.Message;
        }
    }

    /// <summary>Tag, value, unit, time_ms and seq: the members a reading shares with an alarm event.</summary>
    private static string? Common(JsonElement element)
    {
        return Matches(element, "tag", Tag())
            ?? NumberOrNull(element, "value")
            ?? Unit(element)
            ?? TimeMs(element)
            ?? (element.GetProperty("seq").ValueKind == JsonValueKind.String && SeqText().IsMatch(element.GetProperty("seq").GetString()!)
                && ulong.TryParse(element.GetProperty("seq").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "bad seq");
    }

    private static string? Members(JsonElement element, string[] expected, string? first)
    {
        string[] names = element.EnumerateObject().Select(p => p.Name).ToArray();
        if (first != null && (names.Length == 0 || names[0] != first))
        {
            return first + " is not the first member";
        }

        return names.Length == expected.Length && names.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal))
            ? null
            : "members are " + string.Join(",", names);
    }

    private static string? Matches(JsonElement element, string name, Regex pattern)
    {
        JsonElement value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.String && pattern.IsMatch(value.GetString()!) ? null : "bad " + name;
    }

    private static string? OneOf(JsonElement element, string name, string[] allowed)
    {
        JsonElement value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()) ? null : "bad " + name;
    }

    private static string? Boolean(JsonElement element, string name)
    {
        return element.GetProperty(name).ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "bad " + name;
    }

    private static string? NumberOrNull(JsonElement element, string name)
    {
        JsonElement value = element.GetProperty(name);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && double.IsFinite(double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)) ? null : "bad " + name;
    }

    private static string? Unit(JsonElement element)
    {
        JsonElement value = element.GetProperty("unit");
        if (value.ValueKind != JsonValueKind.String)
        {
            return "bad unit";
        }

        string unit = value.GetString()!;
        return unit.EnumerateRunes().Count() <= 16 ? null : "unit too long";
    }

    private static string? TimeMs(JsonElement element)
    {
        JsonElement value = element.GetProperty("time_ms");
        return value.ValueKind == JsonValueKind.Number && SeqText().IsMatch(value.GetRawText())
            && ulong.TryParse(value.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong time) && time <= 9007199254740991UL
            ? null
            : "bad time_ms";
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex SourceId();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}\z")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\z")]
    private static partial Regex SeqText();
}
