using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Rollouts.Storage;

// Provider-neutral facets only, like the registry's mappings: one migration set for SQLite and PostgreSQL.

internal sealed class RolloutConfiguration : IEntityTypeConfiguration<RolloutRow>
{
    public void Configure(EntityTypeBuilder<RolloutRow> b)
    {
        b.ToTable("rollouts");
        b.HasKey(r => r.Id);
        b.Property(r => r.Name).HasMaxLength(Limits.Name);
        b.Property(r => r.Message).HasMaxLength(Limits.Description);
        b.Property(r => r.Author).HasMaxLength(Limits.Name);
        b.Property(r => r.LabelSelector).HasMaxLength(Limits.Description);
        b.Property(r => r.Waves).HasMaxLength(Limits.Name);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(r => r.HaltReason).HasMaxLength(Limits.Description);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(r => r.TemplateName).HasMaxLength(Limits.Name);
        b.Property(r => r.UpdatedAt).IsConcurrencyToken();
        b.HasOne<Site>().WithMany().HasForeignKey(r => r.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => r.TenantId);
        b.HasIndex(r => r.Status);
    }
}

internal sealed class RolloutDeviceConfiguration : IEntityTypeConfiguration<RolloutDeviceRow>
{
    public void Configure(EntityTypeBuilder<RolloutDeviceRow> b)
    {
        b.ToTable("rollout_devices");
        b.HasKey(r => r.Id);
        b.Property(r => r.DeviceName).HasMaxLength(Limits.Name);
        b.Property(r => r.PreviousSha256).HasMaxLength(64);
        b.Property(r => r.TargetSha256).HasMaxLength(64);
        b.Property(r => r.Reason).HasMaxLength(Limits.Description);
        b.HasOne<RolloutRow>().WithMany().HasForeignKey(r => r.RolloutId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.RolloutId, r.DeviceId }).IsUnique();
        b.HasIndex(r => r.DeviceId);
        b.HasIndex(r => r.TenantId);
    }
}

internal sealed class DeviceActivityConfiguration : IEntityTypeConfiguration<DeviceActivityRow>
{
    public void Configure(EntityTypeBuilder<DeviceActivityRow> b)
    {
        b.ToTable("device_activity");
        b.HasKey(a => a.DeviceId);
        b.HasOne<Device>().WithOne().HasForeignKey<DeviceActivityRow>(a => a.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.TenantId);
    }
}
