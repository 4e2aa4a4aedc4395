using System.Text;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Fleet.Live.Ack;

/// <summary>
/// The acknowledge command of docs/telemetry.md: UTF-8 text "device/tag" (every alarm of that tag) or "*" (every alarm
/// of the device), QoS 1, on {prefix}/{id}/commands/ack. Gateways and nodes act on it and publish an "acknowledged"
/// event per alarm on their alarms topic; only that event changes the state the server shows.
/// </summary>
public static class AckCommand
{
    /// <summary>The payload that acknowledges every alarm of the device.</summary>
    public const string All = "*";

    public static string Topic(string prefix, string deviceId) => prefix + "/" + deviceId + "/commands/ack";

    /// <summary>"*" or a tag as the contract allows it (TelemetryNames.IsValidTag: 1-64 of A-Z a-z 0-9 _ . : / -).</summary>
    public static bool IsValidTarget(string? tag) => tag == All || TelemetryNames.IsValidTag(tag);

    public static byte[] Payload(string tag) => Encoding.UTF8.GetBytes(tag);
}
