using System.Text.RegularExpressions;
using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Registry;

/// <summary>Labels of registry rows: validation, loading, replacing, and the label selector used by list filters.</summary>
public static partial class Labels
{
    /// <summary>Most labels one row may carry.</summary>
    public const int MaxPerOwner = 64;

    [GeneratedRegex("^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$")]
    private static partial Regex KeyPattern();

    public static void Validate(RequestValidator validator, string field, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        validator.Check(labels.Count <= MaxPerOwner, field, $"At most {MaxPerOwner} labels (this has {labels.Count}).");
        foreach (var (key, value) in labels)
        {
            validator.Check(KeyPattern().IsMatch(key), $"{field}.{key}",
                $"Label keys are 1-{Limits.LabelKey} characters of a-z, 0-9, '.', '_', '/', '-', starting and ending with a letter or digit.");
            validator.Check(value is not null && value.Length <= Limits.LabelValue, $"{field}.{key}",
                $"Label values are strings of at most {Limits.LabelValue} characters.");
        }
    }

    public static async Task<Dictionary<Guid, Dictionary<string, string>>> LoadAsync(FleetDbContext db, IReadOnlyCollection<Guid> ownerIds,
        CancellationToken cancellationToken)
    {
        var rows = await db.Labels.Where(l => ownerIds.Contains(l.OwnerId)).ToListAsync(cancellationToken);
        return rows.GroupBy(l => l.OwnerId)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value));
    }

    public static async Task<Dictionary<string, string>> LoadAsync(FleetDbContext db, Guid ownerId, CancellationToken cancellationToken) =>
        (await LoadAsync(db, [ownerId], cancellationToken)).GetValueOrDefault(ownerId) ?? [];

    /// <summary>Makes the owner's labels exactly <paramref name="labels"/> (tracked, saved by the caller).</summary>
    public static async Task ReplaceAsync(FleetDbContext db, Guid tenantId, LabelOwnerKind kind, Guid ownerId,
        IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var existing = await db.Labels.Where(l => l.OwnerId == ownerId).ToListAsync(cancellationToken);
        foreach (var label in existing)
        {
            if (!labels.TryGetValue(label.Key, out var value))
            {
                db.Labels.Remove(label);
            }
            else if (label.Value != value)
            {
                label.Value = value;
            }
        }

        foreach (var (key, value) in labels)
        {
            if (existing.All(l => l.Key != key))
            {
                db.Labels.Add(new Label { Id = Guid.NewGuid(), TenantId = tenantId, OwnerKind = kind, OwnerId = ownerId, Key = key, Value = value });
            }
        }
    }

    public static async Task RemoveAllAsync(FleetDbContext db, Guid ownerId, CancellationToken cancellationToken) =>
        db.Labels.RemoveRange(await db.Labels.Where(l => l.OwnerId == ownerId).ToListAsync(cancellationToken));

    /// <summary>
    /// Parses a selector "k1=v1,k2,k3=v3": every term must hold (a key alone means the label is present).
    /// Returns false with a message for a malformed selector.
    /// </summary>
    public static bool TryParseSelector(string? selector, out List<(string Key, string? Value)> terms, out string? error)
    {
        terms = [];
        error = null;
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var term in selector.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? term : term[..equals];
            if (!KeyPattern().IsMatch(key))
            {
                error = $"Label selector term '{term}' is not 'key' or 'key=value' with a valid key (a-z, 0-9, '.', '_', '/', '-').";
                return false;
            }

            terms.Add((key, equals < 0 ? null : term[(equals + 1)..]));
        }

        return true;
    }

    /// <summary>Ids of the rows that satisfy one selector term; a list filter adds <c>Where(x => owners.Contains(x.Id))</c> per term.</summary>
    public static IQueryable<Guid> OwnersMatching(FleetDbContext db, (string Key, string? Value) term)
    {
        var (key, value) = term;
        return value is null
            ? db.Labels.Where(l => l.Key == key).Select(l => l.OwnerId)
            : db.Labels.Where(l => l.Key == key && l.Value == value).Select(l => l.OwnerId);
    }
}
