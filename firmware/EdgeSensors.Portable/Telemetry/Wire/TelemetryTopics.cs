using System;

namespace EdgeSensors.Telemetry.Wire;

/// <summary>
/// Builds and recognises the contract's topics: {prefix}/{source}/telemetry, /alarms and /status, with the prefix
/// "edgesensors" unless configured (for example "site-a/edgesensors" to share a broker between sites). Build a
/// source's topics once at start-up: each call allocates its string.
/// </summary>
public sealed class TelemetryTopics
{
    public const string DefaultPrefix = "edgesensors";
    public const string TelemetryLevel = "telemetry";
    public const string AlarmsLevel = "alarms";
    public const string StatusLevel = "status";

    /// <exception cref="ArgumentException">The prefix is empty, has an empty level, a wildcard ('+', '#'), a NUL, or starts with '$' (reserved for the broker).</exception>
    public TelemetryTopics(string prefix)
    {
        string? problem = PrefixProblem(prefix);
        if (problem != null)
        {
            throw new ArgumentException("MQTT topic prefix '" + prefix + "' " + problem, "prefix");
        }

        Prefix = prefix;
    }

    public TelemetryTopics()
        : this(DefaultPrefix)
    {
    }

    public string Prefix { get; }

    /// <summary>The filter a consumer subscribes to for every source's readings: {prefix}/+/telemetry.</summary>
    public string TelemetryFilter => Prefix + "/+/" + TelemetryLevel;

    /// <summary>{prefix}/+/alarms.</summary>
    public string AlarmsFilter => Prefix + "/+/" + AlarmsLevel;

    /// <summary>{prefix}/+/status.</summary>
    public string StatusFilter => Prefix + "/+/" + StatusLevel;

    /// <exception cref="ArgumentException">The source id breaks <see cref="TelemetryNames.IsValidSourceId"/>.</exception>
    public string Telemetry(string sourceId)
    {
        return Build(sourceId, TelemetryLevel);
    }

    /// <exception cref="ArgumentException">The source id breaks <see cref="TelemetryNames.IsValidSourceId"/>.</exception>
    public string Alarms(string sourceId)
    {
        return Build(sourceId, AlarmsLevel);
    }

    /// <exception cref="ArgumentException">The source id breaks <see cref="TelemetryNames.IsValidSourceId"/>.</exception>
    public string Status(string sourceId)
    {
        return Build(sourceId, StatusLevel);
    }

    /// <summary>
    /// Which topic <paramref name="topic"/> is, and its source id; <see cref="TelemetryTopicKind.None"/> (and an
    /// empty id) when it is not one of this prefix's topics. A consumer checks the payload's "source" against the id.
    /// </summary>
    public TelemetryTopicKind Parse(string topic, out string sourceId)
    {
        sourceId = "";
        if (topic == null || !RegionEquals(topic, 0, Prefix) || topic.Length <= Prefix.Length || topic[Prefix.Length] != '/')
        {
            return TelemetryTopicKind.None;
        }

        int sourceStart = Prefix.Length + 1;
        int slash = topic.IndexOf('/', sourceStart);
        if (slash < 0)
        {
            return TelemetryTopicKind.None;
        }

        TelemetryTopicKind kind = TelemetryTopicKind.None;
        if (IsLastLevel(topic, slash, TelemetryLevel))
        {
            kind = TelemetryTopicKind.Telemetry;
        }
        else if (IsLastLevel(topic, slash, AlarmsLevel))
        {
            kind = TelemetryTopicKind.Alarms;
        }
        else if (IsLastLevel(topic, slash, StatusLevel))
        {
            kind = TelemetryTopicKind.Status;
        }

        if (kind == TelemetryTopicKind.None)
        {
            return kind;
        }

        string id = topic.Substring(sourceStart, slash - sourceStart);
        if (!TelemetryNames.IsValidSourceId(id))
        {
            return TelemetryTopicKind.None;
        }

        sourceId = id;
        return kind;
    }

    private string Build(string sourceId, string level)
    {
        if (!TelemetryNames.IsValidSourceId(sourceId))
        {
            throw new ArgumentException("source id '" + sourceId + "' is not valid: use 1-64 of A-Z a-z 0-9 _ . - starting with a letter or digit", "sourceId");
        }

        return Prefix + "/" + sourceId + "/" + level;
    }

    private static string? PrefixProblem(string prefix)
    {
        if (prefix == null || prefix.Length == 0)
        {
            return "is empty; use the default 'edgesensors' or a name such as 'site-a/edgesensors'";
        }

        if (prefix[0] == '$')
        {
            return "starts with '$', which MQTT reserves for broker topics such as $SYS";
        }

        if (prefix[0] == '/' || prefix[prefix.Length - 1] == '/' || HasEmptyLevel(prefix))
        {
            return "has an empty topic level; remove the leading, trailing or doubled '/'";
        }

        if (prefix.IndexOf('+') >= 0 || prefix.IndexOf('#') >= 0 || prefix.IndexOf('\0') >= 0)
        {
            return "contains a wildcard ('+', '#') or NUL, which MQTT forbids in a topic name";
        }

        return null;
    }

    private static bool IsLastLevel(string topic, int slash, string level)
    {
        return topic.Length == slash + 1 + level.Length && RegionEquals(topic, slash + 1, level);
    }

    /// <summary>Ordinal comparison of topic[start..] with text (string.StartsWith is culture-sensitive on .NET).</summary>
    private static bool RegionEquals(string topic, int start, string text)
    {
        if (topic.Length - start < text.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (topic[start + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasEmptyLevel(string prefix)
    {
        for (int i = 1; i < prefix.Length; i++)
        {
            if (prefix[i] == '/' && prefix[i - 1] == '/')
            {
                return true;
            }
        }

        return false;
    }
}
