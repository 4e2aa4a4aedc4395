using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Live.Gaps;

// Provider-neutral facets only (one migration set for SQLite and PostgreSQL): 20261129081000_SeqCoverage.
internal sealed class SeqCoverageConfiguration : IEntityTypeConfiguration<SeqCoverageRow>
{
    public void Configure(EntityTypeBuilder<SeqCoverageRow> b)
    {
        b.ToTable("seq_coverage");
        b.HasKey(c => c.DeviceId);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Device>().WithMany().HasForeignKey(c => c.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.TenantId);
    }
}
