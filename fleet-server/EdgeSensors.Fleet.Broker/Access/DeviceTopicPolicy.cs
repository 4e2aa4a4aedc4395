namespace EdgeSensors.Fleet.Broker.Access;

/// <summary>
/// Which topics a device may use (docs/enrolment.md, "Topic rights"): it publishes only its own telemetry, alarms,
/// status and config report, and subscribes only to its own desired config and commands. It may never publish to its
/// own config topic (the server's retained, signed desired config) nor to commands (they come from the server).
/// One policy for both broker modes: the embedded broker applies it per packet, the Mosquitto mode turns it into ACLs.
/// </summary>
public sealed class DeviceTopicPolicy(string prefix)
{
    /// <summary>The levels under {prefix}/{id}/ a device may publish to.</summary>
    public static readonly IReadOnlyList<string> PublishLevels = ["telemetry", "alarms", "status", "config/reported"];

    public string Prefix { get; } = prefix;

    public bool MayPublish(string deviceId, string topic)
    {
        string own = Prefix + "/" + deviceId + "/";
        if (!topic.StartsWith(own, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = topic[own.Length..];
        return PublishLevels.Contains(rest, StringComparer.Ordinal);
    }

    /// <summary>
    /// {prefix}/{id}/config exactly, {prefix}/{id}/commands/# or any filter inside it (commands/ack, commands/+).
    /// Shared subscriptions and filters with wildcards above the device's own level are refused.
    /// </summary>
    public bool MaySubscribe(string deviceId, string filter)
    {
        string own = Prefix + "/" + deviceId + "/";
        if (!filter.StartsWith(own, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = filter[own.Length..];
        return rest == "config" || rest == "commands/#" || (rest.StartsWith("commands/", StringComparison.Ordinal) && rest.Length > "commands/".Length);
    }

    /// <summary>The exact topics a device publishes to, for Mosquitto ACLs.</summary>
    public IEnumerable<string> PublishTopics(string deviceId) => PublishLevels.Select(level => Prefix + "/" + deviceId + "/" + level);

    /// <summary>The filters a device may subscribe to, for Mosquitto ACLs.</summary>
    public IEnumerable<string> SubscribeFilters(string deviceId) => [Prefix + "/" + deviceId + "/config", Prefix + "/" + deviceId + "/commands/#"];
}
