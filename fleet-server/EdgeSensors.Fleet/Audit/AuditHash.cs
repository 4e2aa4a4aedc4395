using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Audit;

/// <summary>The chain's hash: SHA-256 over every field of an entry and the previous entry's hash.</summary>
public static class AuditHash
{
    /// <summary>The PrevHash of a tenant's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditEntry entry)
    {
        // Length-prefixed fields, so moving text from one field to the next changes the hash.
        var text = new StringBuilder();
        Append(text, entry.TenantId.ToString("D"));
        Append(text, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, entry.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        Append(text, entry.Actor);
        Append(text, entry.Action);
        Append(text, entry.EntityType);
        Append(text, entry.EntityId);
        Append(text, entry.Before);
        Append(text, entry.After);
        Append(text, entry.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string? field)
    {
        if (field is null)
        {
            text.Append("-1:");
            return;
        }

        text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(';');
    }
}
