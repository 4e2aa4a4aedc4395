using System.Text.Json;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Audit;

/// <summary>
/// Records changes and saves them with the audit entries in one transaction. Every feature changes data this way:
/// change the entities, <see cref="Record"/> each change, then <see cref="SaveChangesAsync"/> instead of
/// <c>db.SaveChangesAsync</c>. Appends are serialised per tenant (PostgreSQL advisory lock, SQLite's write lock) and the
/// unique (tenant, sequence) index makes a forked chain impossible even between two server instances.
/// </summary>
public sealed class AuditLog(FleetDbContext db, CurrentTenant tenant, Caller caller, TimeProvider time, IOptions<JsonOptions> json)
{
    private readonly List<PendingChange> _pending = [];

    /// <summary>Notes one change. <paramref name="before"/>/<paramref name="after"/> are API views, never secrets.</summary>
    public void Record(string action, string entityType, object entityId, object? before, object? after, Guid? tenantId = null)
    {
        var owner = tenantId ?? tenant.TenantId
            ?? throw new InvalidOperationException($"Audit of '{action}' has no tenant; pass tenantId in system scope.");
        _pending.Add(new PendingChange(owner, action, entityType, Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Serialize(before), Serialize(after)));
    }

    /// <summary>Saves the entity changes and the chained audit entries atomically.</summary>
    public async Task SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var group in _pending.GroupBy(p => p.TenantId))
        {
            await LockChainAsync(group.Key, cancellationToken);
            var last = await db.AuditEntries.IgnoreQueryFilters()
                .Where(a => a.TenantId == group.Key)
                .OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? AuditHash.Genesis;
            foreach (var change in group)
            {
                var entry = new AuditEntry
                {
                    Id = Guid.NewGuid(),
                    TenantId = change.TenantId,
                    Sequence = ++sequence,
                    At = time.UtcNow(),
                    Actor = caller.Actor,
                    Action = change.Action,
                    EntityType = change.EntityType,
                    EntityId = change.EntityId,
                    Before = change.Before,
                    After = change.After,
                    PrevHash = previous,
                    Hash = "",
                };
                entry.Hash = AuditHash.Compute(entry);
                previous = entry.Hash;
                db.AuditEntries.Add(entry);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _pending.Clear();
    }

    /// <summary>Forgets the pending entries of a change that failed to save (the caller also clears the change tracker).</summary>
    public void Discard() => _pending.Clear();

    private async Task LockChainAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Held to the end of the transaction; SQLite needs nothing, its transaction already holds the write lock.
            var key = BitConverter.ToInt64(tenantId.ToByteArray(), 0);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
    }

    private string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);

    private sealed record PendingChange(Guid TenantId, string Action, string EntityType, string EntityId, string? Before, string? After);
}
