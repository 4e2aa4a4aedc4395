using System;

namespace EdgeSensors.Config.Envelope;

/// <summary>
/// What <see cref="ConfigEnvelope.Open(byte[], int, byte[], int)"/> found. On success the body is
/// document[<see cref="BodyOffset"/>..+<see cref="BodyLength"/>), authenticated. On rejection the fields that could be
/// read are still filled (revision, body hash), so the device can report which document it refused.
/// </summary>
public sealed class ConfigEnvelopeResult
{
    private readonly byte[] _document;

    internal ConfigEnvelopeResult(byte[] document)
    {
        _document = document;
        BodySha256Hex = "";
        RejectText = "";
    }

    /// <summary>The document is well formed, intact, signed with the key and newer than the running revision.</summary>
    public bool Ok => RejectReason == ConfigRejectReason.None;

    /// <summary>A <see cref="ConfigRejectReason"/> code; <see cref="ConfigRejectReason.None"/> when <see cref="Ok"/>.</summary>
    public int RejectReason { get; internal set; }

    /// <summary>
    /// The cause in words, starting with <see cref="ConfigRejectReason.Name"/> and saying what to fix
    /// ("bad signature: ..."); empty when <see cref="Ok"/>. This is the "reason" of the config report.
    /// </summary>
    public string RejectText { get; internal set; }

    /// <summary>The header's revision, or 0 when the header could not be read that far.</summary>
    public int Revision { get; internal set; }

    /// <summary>Where the body starts in the document; -1 when the header could not be read.</summary>
    public int BodyOffset { get; internal set; } = -1;

    /// <summary>The body length the header declares; 0 when the header could not be read.</summary>
    public int BodyLength { get; internal set; }

    /// <summary>
    /// SHA-256 of the body as 64 lowercase hex digits (the config report's "sha256"); empty when the body could not be
    /// located (bad magic, malformed header, truncated).
    /// </summary>
    public string BodySha256Hex { get; internal set; }

    /// <summary>A copy of the body (allocates; a device may parse in place at <see cref="BodyOffset"/> instead).</summary>
    /// <exception cref="InvalidOperationException">The body could not be located.</exception>
    public byte[] CopyBody()
    {
        if (BodyOffset < 0 || BodySha256Hex.Length == 0)
        {
            throw new InvalidOperationException("config envelope body could not be located (" + RejectText + ")");
        }

        var body = new byte[BodyLength];
        Array.Copy(_document, BodyOffset, body, 0, BodyLength);
        return body;
    }
}
