namespace EdgeSensors.Telemetry.Wire;

/// <summary>
/// The rules for the contract's names, shared by the encoder, the decoder and the topic builder. Source ids and
/// tags are plain ASCII so they are safe as MQTT topic levels, file names and database keys.
/// </summary>
public static class TelemetryNames
{
    /// <summary>A gateway or node id: 1-64 of A-Z a-z 0-9 _ . -, starting with a letter or digit ("gw-01").</summary>
    public static bool IsValidSourceId(string? id)
    {
        return IsValidName(id, false);
    }

    /// <summary>
    /// A tag: 1-64 of A-Z a-z 0-9 _ . : / -, starting with a letter or digit. The gateway names tags "device/tag"
    /// ("tk101-radar/pv"); '/' is safe here because tags are never topic levels.
    /// </summary>
    public static bool IsValidTag(string? tag)
    {
        return IsValidName(tag, true);
    }

    /// <summary>A unit: 0-16 Unicode code points, valid UTF-16 (no unpaired surrogate).</summary>
    public static bool IsValidUnit(string? unit)
    {
        if (unit == null)
        {
            return false;
        }

        int codePoints = 0;
        for (int i = 0; i < unit.Length; i++)
        {
            char c = unit[i];
            if (c >= 0xD800 && c <= 0xDBFF)
            {
                if (i + 1 >= unit.Length || unit[i + 1] < 0xDC00 || unit[i + 1] > 0xDFFF)
                {
                    return false;
                }

                i++;
            }
            else if (c >= 0xDC00 && c <= 0xDFFF)
            {
                return false;
            }

            codePoints++;
        }

        return codePoints <= TelemetryContract.MaxUnitLength;
    }

    private static bool IsValidName(string? name, bool isTag)
    {
        if (name == null || name.Length == 0 || name.Length > TelemetryContract.MaxNameLength || !IsLetterOrDigit(name[0]))
        {
            return false;
        }

        for (int i = 1; i < name.Length; i++)
        {
            char c = name[i];
            if (!IsLetterOrDigit(c) && c != '_' && c != '.' && c != '-' && !(isTag && (c == ':' || c == '/')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLetterOrDigit(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
