namespace EdgeSensors.Fleet.Configs.Delivery;

/// <summary>The agreed config topics: desired (server to device, retained, sealed) and reported (device to server, retained JSON).</summary>
public static class ConfigTopics
{
    public static string Desired(string prefix, string deviceId) => $"{prefix}/{deviceId}/config";

    public static string Reported(string prefix, string deviceId) => $"{prefix}/{deviceId}/config/reported";

    /// <summary>The filter a server subscribes to for every device's report.</summary>
    public static string ReportedFilter(string prefix) => $"{prefix}/+/config/reported";

    /// <summary>The device id of a reported topic, or null when <paramref name="topic"/> is not one.</summary>
    public static string? DeviceOfReport(string prefix, string topic)
    {
        string head = prefix + "/";
        const string Tail = "/config/reported";
        if (!topic.StartsWith(head, StringComparison.Ordinal) || !topic.EndsWith(Tail, StringComparison.Ordinal))
        {
            return null;
        }

        string id = topic[head.Length..^Tail.Length];
        return id.Length == 0 || id.Contains('/', StringComparison.Ordinal) ? null : id;
    }
}
