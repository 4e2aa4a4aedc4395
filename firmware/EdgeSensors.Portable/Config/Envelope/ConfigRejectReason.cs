namespace EdgeSensors.Config.Envelope;

/// <summary>
/// Why <see cref="ConfigEnvelope.Open(byte[], int, byte[], int)"/> refused a document. The codes are stable (a fleet
/// server may count them); <see cref="Name"/> is the short text that starts every rejection reason.
/// </summary>
public static class ConfigRejectReason
{
    /// <summary>Not rejected: the document was opened.</summary>
    public const int None = 0;

    /// <summary>The document does not start with "ESCFG1 ": not a config envelope, or another format version.</summary>
    public const int BadMagic = 1;

    /// <summary>The document ends before its header line does, or before the body length the header declares.</summary>
    public const int Truncated = 2;

    /// <summary>The header line is not "ESCFG1 revision length crc32 [hmac]" with the exact digits each field needs.</summary>
    public const int MalformedHeader = 3;

    /// <summary>More bytes follow the body than the header's body length says.</summary>
    public const int LengthMismatch = 4;

    /// <summary>The body's CRC-32 differs from the header's: the body was damaged on the way.</summary>
    public const int CrcMismatch = 5;

    /// <summary>The header has no HMAC field: an unsigned document is never applied.</summary>
    public const int MissingSignature = 6;

    /// <summary>The HMAC-SHA256 does not match: sealed with another key, or header or body changed after sealing.</summary>
    public const int BadSignature = 7;

    /// <summary>The revision is not above the one running now (a replay or a stale retained message).</summary>
    public const int RevisionNotNewer = 8;

    /// <summary>The short name of a reason code ("bad signature"); "unknown reason N" for a code not listed here.</summary>
    public static string Name(int reason)
    {
        switch (reason)
        {
            case None:
                return "none";
            case BadMagic:
                return "bad magic";
            case Truncated:
                return "truncated";
            case MalformedHeader:
                return "malformed header";
            case LengthMismatch:
                return "length mismatch";
            case CrcMismatch:
                return "CRC mismatch";
            case MissingSignature:
                return "missing signature";
            case BadSignature:
                return "bad signature";
            case RevisionNotNewer:
                return "revision not newer";
            default:
                return "unknown reason " + reason;
        }
    }
}
