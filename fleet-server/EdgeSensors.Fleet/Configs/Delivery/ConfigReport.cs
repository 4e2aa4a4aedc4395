using System.Text.Json;

namespace EdgeSensors.Fleet.Configs.Delivery;

/// <summary>
/// What a device says about its config on {prefix}/{id}/config/reported:
/// {"revision":N,"sha256":"&lt;hex of body&gt;","status":"applied"|"rejected","reason":"..."}.
/// </summary>
public sealed record ConfigReport(long Revision, string Sha256, string Status, string? Reason)
{
    public const string Applied = "applied";

    public const string Rejected = "rejected";

    public bool IsApplied => Status == Applied;

    /// <summary>
    /// True when the device runs the config whose body hashes to <paramref name="sha256"/>: it applied it, or it
    /// refused a resend of it as "revision not newer" (a device that reports such a redelivery instead of staying quiet).
    /// </summary>
    public bool Runs(string sha256) =>
        Sha256 == sha256 && (IsApplied || (Reason is { } reason && reason.StartsWith("revision not newer", StringComparison.Ordinal)));

    /// <summary>Parses a report strictly; null with <paramref name="error"/> naming the member and the fix.</summary>
    public static ConfigReport? TryParse(ReadOnlySpan<byte> json, out string? error)
    {
        error = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the report is not a JSON object; send {\"revision\":N,\"sha256\":\"...\",\"status\":\"applied\"}";
                return null;
            }

            if (!root.TryGetProperty("revision", out JsonElement revision) || !revision.TryGetInt64(out long number) || number < 0)
            {
                error = "'revision' is missing or not a whole number >= 0";
                return null;
            }

            if (!root.TryGetProperty("sha256", out JsonElement sha) || sha.ValueKind != JsonValueKind.String || !IsSha256(sha.GetString()!))
            {
                error = "'sha256' is missing or not 64 lowercase hex digits";
                return null;
            }

            if (!root.TryGetProperty("status", out JsonElement status) || status.GetString() is not (Applied or Rejected))
            {
                error = "'status' must be \"applied\" or \"rejected\"";
                return null;
            }

            string? reason = root.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new ConfigReport(number, sha.GetString()!, status.GetString()!, reason);
        }
        catch (JsonException ex)
        {
            error = "the report is not valid JSON: " + ex.Message;
            return null;
        }
    }

    private static bool IsSha256(string text) => text.Length == 64 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
