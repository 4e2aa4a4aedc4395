using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Configs.Storage;

// Provider-neutral facets only, like the registry's mappings: one migration set for SQLite and PostgreSQL.

internal sealed class ConfigRevisionConfiguration : IEntityTypeConfiguration<ConfigRevisionRow>
{
    public void Configure(EntityTypeBuilder<ConfigRevisionRow> b)
    {
        b.ToTable("config_revisions");
        b.HasKey(r => r.Id);
        b.Property(r => r.Author).HasMaxLength(Limits.Name);
        b.Property(r => r.Message).HasMaxLength(Limits.Description);
        b.Property(r => r.Sha256).HasMaxLength(64);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.DeviceId, r.Number }).IsUnique();
        b.HasIndex(r => r.TenantId);
    }
}

internal sealed class ConfigApprovalConfiguration : IEntityTypeConfiguration<ConfigApprovalRow>
{
    public void Configure(EntityTypeBuilder<ConfigApprovalRow> b)
    {
        b.ToTable("config_approvals");
        b.HasKey(a => a.Id);
        b.Property(a => a.Approver).HasMaxLength(Limits.Name);
        b.HasOne<ConfigRevisionRow>().WithMany().HasForeignKey(a => a.RevisionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.RevisionId, a.Approver }).IsUnique();
        b.HasIndex(a => a.TenantId);
    }
}

internal sealed class DeviceConfigStateConfiguration : IEntityTypeConfiguration<DeviceConfigStateRow>
{
    public void Configure(EntityTypeBuilder<DeviceConfigStateRow> b)
    {
        b.ToTable("device_config_states");
        b.HasKey(s => s.DeviceId);

        // The head of the device's desired config: two activations that both read revision N cannot both write N + 1.
        b.Property(s => s.DesiredRevision).IsConcurrencyToken();
        b.Property(s => s.DesiredSha256).HasMaxLength(64);
        b.Property(s => s.ReportedSha256).HasMaxLength(64);
        b.Property(s => s.ReportedStatus).HasMaxLength(Limits.Enum);
        b.Property(s => s.ReportedReason).HasMaxLength(Limits.Description);
        b.HasOne<Device>().WithOne().HasForeignKey<DeviceConfigStateRow>(s => s.DeviceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.TenantId);
    }
}
