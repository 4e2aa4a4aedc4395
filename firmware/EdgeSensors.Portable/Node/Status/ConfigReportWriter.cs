using EdgeSensors.Telemetry.Json;

namespace EdgeSensors.Node.Status;

/// <summary>
/// Writes the config report (topic {prefix}/{id}/config/reported, retained):
/// {"revision":N,"sha256":"hex of the body","status":"applied"|"rejected","reason":"..."}.
/// </summary>
internal sealed class ConfigReportWriter
{
    /// <summary>Upper bound of a report: the reason is cut to <see cref="MaxReasonChars"/>, each char up to 6 bytes escaped.</summary>
    public const int MaxBytes = 160 + (6 * MaxReasonChars);

    public const int MaxReasonChars = 400;

    private readonly JsonBufferWriter _json = new JsonBufferWriter();

    public int Write(byte[] buffer, int revision, string sha256Hex, bool applied, string reason)
    {
        _json.Reset(buffer, 0);
        _json.BeginObject();
        _json.WriteName("revision");
        _json.WriteInteger(revision);
        _json.WriteName("sha256");
        _json.WriteString(sha256Hex);
        _json.WriteName("status");
        _json.WriteString(applied ? "applied" : "rejected");
        _json.WriteName("reason");
        _json.WriteString(reason.Length > MaxReasonChars ? reason.Substring(0, MaxReasonChars) : reason);
        _json.EndObject();
        return _json.Overflowed || _json.InvalidText ? -1 : _json.Position;
    }
}
