using EdgeSensors.Config.Envelope;
using EdgeSensors.Telemetry.Json;

namespace EdgeSensors.Config.Wire;

/// <summary>
/// Writes the config report a device publishes on {prefix}/{deviceId}/config/reported:
/// {"revision":N,"sha256":"hex","status":"applied"|"rejected","reason":"..."} (compact UTF-8, members in that order).
/// "reason" is the cause when rejected, and empty or a note when applied; it is cut to <see cref="MaxReasonChars"/>
/// characters so a report always fits <see cref="MaxBytes"/>. Reuses its writer; allocates nothing per report unless the
/// reason is cut.
/// </summary>
public sealed class ConfigReportEncoder
{
    public const string RevisionField = "revision";
    public const string Sha256Field = "sha256";
    public const string StatusField = "status";
    public const string ReasonField = "reason";
    public const string StatusApplied = "applied";
    public const string StatusRejected = "rejected";

    /// <summary>Longest reason written, in characters; a longer one is cut.</summary>
    public const int MaxReasonChars = 400;

    /// <summary>Upper bound of a report in bytes: the members, a 64-digit hash and a reason of 400 characters escaped at up to 6 bytes each.</summary>
    public const int MaxBytes = 160 + (6 * MaxReasonChars);

    private readonly JsonBufferWriter _json = new JsonBufferWriter();

    /// <summary>
    /// The report for an opened envelope: applied when it was <see cref="ConfigEnvelopeResult.Ok"/>, otherwise rejected
    /// with its <see cref="ConfigEnvelopeResult.RejectText"/>. Returns the bytes written, or -1 when the buffer is too small.
    /// </summary>
    public int Encode(ConfigEnvelopeResult result, byte[] buffer, int offset)
    {
        return Encode(result.Revision, result.BodySha256Hex, result.Ok, result.RejectText, buffer, offset);
    }

    /// <summary>
    /// A report with explicit fields: for a body that opened fine but failed the device's own validation
    /// (<paramref name="applied"/> false, <paramref name="reason"/> naming the key and the fix), or an applied config
    /// with a note. Returns the bytes written at <paramref name="offset"/>, or -1 when they do not fit or the reason is
    /// not valid UTF-16.
    /// </summary>
    public int Encode(int revision, string sha256Hex, bool applied, string reason, byte[] buffer, int offset)
    {
        _json.Reset(buffer, offset);
        _json.BeginObject();
        _json.WriteName(RevisionField);
        _json.WriteInteger(revision);
        _json.WriteName(Sha256Field);
        _json.WriteString(sha256Hex == null ? "" : sha256Hex);
        _json.WriteName(StatusField);
        _json.WriteString(applied ? StatusApplied : StatusRejected);
        _json.WriteName(ReasonField);
        string text = reason == null ? "" : reason;
        _json.WriteString(text.Length > MaxReasonChars ? text.Substring(0, MaxReasonChars) : text);
        _json.EndObject();
        if (_json.Overflowed || _json.InvalidText)
        {
            return -1;
        }

        return _json.Position - offset;
    }
}
