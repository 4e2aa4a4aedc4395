using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Data.Configuration;

// Mappings use only provider-neutral facets (CLR type, max length, nullability, keys, indexes) so that one
// hand-written migration set creates the same schema on SQLite and PostgreSQL (see Data/Migrations).

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.ToTable("tenants");
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(Limits.Name);
        b.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.ToTable("sites");
        b.HasKey(s => s.Id);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Property(s => s.Name).HasMaxLength(Limits.Name);
        b.Property(s => s.Description).HasMaxLength(Limits.Description);
        b.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
    }
}

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> b)
    {
        b.ToTable("areas");
        b.HasKey(a => a.Id);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Property(a => a.Name).HasMaxLength(Limits.Name);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(a => a.OverfillLevelUnit).HasMaxLength(Limits.Unit);
        b.HasOne<Site>().WithMany().HasForeignKey(a => a.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.SiteId, a.Name }).IsUnique();
        b.HasIndex(a => a.TenantId);
    }
}

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> b)
    {
        b.ToTable("devices");
        b.HasKey(d => d.Id);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.Property(d => d.Name).HasMaxLength(Limits.Name);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(d => d.SerialNumber).HasMaxLength(Limits.Name);
        b.Property(d => d.HardwareVersion).HasMaxLength(Limits.Version);
        b.Property(d => d.FirmwareVersion).HasMaxLength(Limits.Version);
        b.Property(d => d.SoftwareVersion).HasMaxLength(Limits.Version);
        b.HasOne<Site>().WithMany().HasForeignKey(d => d.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Area>().WithMany().HasForeignKey(d => d.AreaId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.TenantId, d.Name }).IsUnique();
        b.HasIndex(d => d.SiteId);
        b.HasIndex(d => d.AreaId);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("tags");
        b.HasKey(t => t.Id);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.Property(t => t.Name).HasMaxLength(Limits.Name);
        b.Property(t => t.Unit).HasMaxLength(Limits.Unit);
        b.Property(t => t.Description).HasMaxLength(Limits.Description);
        b.HasOne<Device>().WithMany().HasForeignKey(t => t.DeviceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.DeviceId, t.Name }).IsUnique();
        b.HasIndex(t => t.TenantId);
    }
}

internal sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> b)
    {
        b.ToTable("labels");
        b.HasKey(l => l.Id);
        b.Property(l => l.OwnerKind).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(l => l.Key).HasMaxLength(Limits.LabelKey);
        b.Property(l => l.Value).HasMaxLength(Limits.LabelValue);
        b.HasIndex(l => new { l.OwnerId, l.Key }).IsUnique();
        b.HasIndex(l => new { l.TenantId, l.Key, l.Value });
    }
}
