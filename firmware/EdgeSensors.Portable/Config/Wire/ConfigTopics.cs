using System;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Config.Wire;

/// <summary>
/// Builds and recognises the config delivery topics beside the telemetry ones (docs/config-delivery.md):
/// {prefix}/{deviceId}/config (desired, a sealed envelope) and {prefix}/{deviceId}/config/reported (the device's
/// report). Both are QoS 1 and retained. The prefix and id rules are <see cref="TelemetryTopics"/>' own. Build a
/// device's topics once at start-up: each call allocates its string.
/// </summary>
public sealed class ConfigTopics
{
    /// <summary>The topic level after the device id.</summary>
    public const string ConfigLevel = "config";

    /// <summary>The level under <see cref="ConfigLevel"/> that carries the device's report.</summary>
    public const string ReportedLevel = "reported";

    /// <summary>Both config topics are published with QoS 1 (at least once).</summary>
    public const int QualityOfService = 1;

    /// <summary>Both are retained: a device that connects gets its desired config, the server sees the last report.</summary>
    public const bool Retained = true;

    /// <exception cref="ArgumentException">The prefix breaks the telemetry prefix rules (see <see cref="TelemetryTopics"/>).</exception>
    public ConfigTopics(string prefix)
        : this(new TelemetryTopics(prefix))
    {
    }

    /// <summary>Config topics under the same (already validated) prefix as <paramref name="telemetryTopics"/>.</summary>
    public ConfigTopics(TelemetryTopics telemetryTopics)
    {
        if (telemetryTopics == null)
        {
            throw new ArgumentException("telemetry topics are missing", "telemetryTopics");
        }

        Prefix = telemetryTopics.Prefix;
    }

    public string Prefix { get; }

    /// <summary>{prefix}/+/config: what a bridge or monitor subscribes to for every device's desired config.</summary>
    public string DesiredFilter => Prefix + "/+/" + ConfigLevel;

    /// <summary>{prefix}/+/config/reported: what the fleet server subscribes to.</summary>
    public string ReportedFilter => Prefix + "/+/" + ConfigLevel + "/" + ReportedLevel;

    /// <summary>{prefix}/{deviceId}/config.</summary>
    /// <exception cref="ArgumentException">The id breaks <see cref="TelemetryNames.IsValidSourceId"/>.</exception>
    public string Desired(string deviceId)
    {
        return Device(deviceId) + ConfigLevel;
    }

    /// <summary>{prefix}/{deviceId}/config/reported.</summary>
    /// <exception cref="ArgumentException">The id breaks <see cref="TelemetryNames.IsValidSourceId"/>.</exception>
    public string Reported(string deviceId)
    {
        return Device(deviceId) + ConfigLevel + "/" + ReportedLevel;
    }

    /// <summary>Which config topic <paramref name="topic"/> is, and its device id (empty when <see cref="ConfigTopicKind.None"/>).</summary>
    public ConfigTopicKind Parse(string topic, out string deviceId)
    {
        deviceId = "";
        if (topic == null || topic.Length <= Prefix.Length + 1 || topic[Prefix.Length] != '/' || !RegionEquals(topic, 0, Prefix))
        {
            return ConfigTopicKind.None;
        }

        int idStart = Prefix.Length + 1;
        int slash = topic.IndexOf('/', idStart);
        if (slash < 0 || !RegionEquals(topic, slash + 1, ConfigLevel))
        {
            return ConfigTopicKind.None;
        }

        int rest = slash + 1 + ConfigLevel.Length;
        ConfigTopicKind kind = ConfigTopicKind.None;
        if (rest == topic.Length)
        {
            kind = ConfigTopicKind.Desired;
        }
        else if (topic.Length == rest + 1 + ReportedLevel.Length && topic[rest] == '/' && RegionEquals(topic, rest + 1, ReportedLevel))
        {
            kind = ConfigTopicKind.Reported;
        }

        string id = topic.Substring(idStart, slash - idStart);
        if (kind == ConfigTopicKind.None || !TelemetryNames.IsValidSourceId(id))
        {
            return ConfigTopicKind.None;
        }

        deviceId = id;
        return kind;
    }

    private string Device(string deviceId)
    {
        if (!TelemetryNames.IsValidSourceId(deviceId))
        {
            throw new ArgumentException("device id '" + deviceId + "' is not valid: use 1-64 of A-Z a-z 0-9 _ . - starting with a letter or digit", "deviceId");
        }

        return Prefix + "/" + deviceId + "/";
    }

    // Ordinal comparison (string.StartsWith is culture-sensitive on .NET).
    private static bool RegionEquals(string text, int start, string part)
    {
        if (text.Length - start < part.Length)
        {
            return false;
        }

        for (int i = 0; i < part.Length; i++)
        {
            if (text[start + i] != part[i])
            {
                return false;
            }
        }

        return true;
    }
}
