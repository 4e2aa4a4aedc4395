using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Configs.Storage;

// Provider-neutral facets only (Data/Migrations/20261129031000_TemplatesAndConcurrency).

internal sealed class ConfigTemplateConfiguration : IEntityTypeConfiguration<ConfigTemplateRow>
{
    public void Configure(EntityTypeBuilder<ConfigTemplateRow> b)
    {
        b.ToTable("config_templates");
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(Limits.Name);
        b.Property(t => t.Description).HasMaxLength(Limits.Description);
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne<Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
    }
}

internal sealed class DeviceOverridesConfiguration : IEntityTypeConfiguration<DeviceOverridesRow>
{
    public void Configure(EntityTypeBuilder<DeviceOverridesRow> b)
    {
        b.ToTable("device_config_overrides");
        b.HasKey(o => o.DeviceId);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasOne<Device>().WithOne().HasForeignKey<DeviceOverridesRow>(o => o.DeviceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConfigTemplateRow>().WithMany().HasForeignKey(o => o.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => o.TenantId);
    }
}
