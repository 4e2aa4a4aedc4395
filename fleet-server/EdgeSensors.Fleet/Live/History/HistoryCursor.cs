using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EdgeSensors.Fleet.Live.History;

/// <summary>
/// Where the next page of the history starts: the last event's source time and key. Opaque to clients (base64url of
/// "ticks:key"); pages stay exact while new events arrive, because the order (time, then key) is total.
/// </summary>
public sealed record HistoryCursor(DateTime EventAt, string Key)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(EventAt.Ticks.ToString(CultureInfo.InvariantCulture) + ":" + Key));

    public static bool TryDecode(string text, out HistoryCursor? cursor)
    {
        cursor = null;
        if (text.Length > 200 || !Base64Url.IsValid(text))
        {
            return false;
        }

        string plain = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text));
        int colon = plain.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !long.TryParse(plain.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        string key = plain[(colon + 1)..];
        if (key.Length != AlarmHistoryConfiguration.KeyLength || !key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        cursor = new HistoryCursor(new DateTime(ticks, DateTimeKind.Utc), key);
        return true;
    }
}
