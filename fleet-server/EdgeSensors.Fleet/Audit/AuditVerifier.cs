using EdgeSensors.Fleet.Data;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Audit;

/// <summary>The outcome of checking one tenant's chain; when broken, the first bad entry and why.</summary>
public sealed record AuditVerification(Guid TenantId, bool Valid, long EntriesChecked, long? BrokenSequence, Guid? BrokenEntryId, string? Problem);

/// <summary>Walks a tenant's chain in sequence order and recomputes every hash.</summary>
public static class AuditVerifier
{
    private const int BatchSize = 1000;

    public static async Task<AuditVerification> VerifyAsync(FleetDbContext db, Guid tenantId, CancellationToken cancellationToken = default)
    {
        var expectedSequence = 1L;
        var previousHash = AuditHash.Genesis;
        while (true)
        {
            var batch = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
                .Where(a => a.TenantId == tenantId && a.Sequence >= expectedSequence)
                .OrderBy(a => a.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var entry in batch)
            {
                string? problem = null;
                if (entry.Sequence != expectedSequence)
                {
                    problem = $"entry {expectedSequence} is missing (the next one is {entry.Sequence}): a row was deleted";
                }
                else if (entry.PrevHash != previousHash)
                {
                    problem = $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1} (prevHash differs): a row was replaced or reordered";
                }
                else if (AuditHash.Compute(entry) != entry.Hash)
                {
                    problem = $"entry {entry.Sequence} ({entry.Action} {entry.EntityType} {entry.EntityId}) was edited: its content no longer matches its hash";
                }

                if (problem is not null)
                {
                    return new AuditVerification(tenantId, false, expectedSequence - 1, expectedSequence, entry.Sequence == expectedSequence ? entry.Id : null, problem);
                }

                previousHash = entry.Hash;
                expectedSequence++;
            }

            if (batch.Count < BatchSize)
            {
                return new AuditVerification(tenantId, true, expectedSequence - 1, null, null, null);
            }
        }
    }
}
