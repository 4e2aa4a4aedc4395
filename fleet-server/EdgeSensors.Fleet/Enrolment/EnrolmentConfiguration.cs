using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Enrolment;

internal sealed class EnrolmentTokenConfiguration : IEntityTypeConfiguration<EnrolmentToken>
{
    public void Configure(EntityTypeBuilder<EnrolmentToken> b)
    {
        b.ToTable("enrolment_tokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.TokenHash).HasMaxLength(Limits.Hash);
        b.Property(t => t.CreatedBy).HasMaxLength(Limits.Name);
        b.HasOne<Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Device>().WithMany().HasForeignKey(t => t.DeviceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.TenantId);
        b.HasIndex(t => t.SiteId);
        b.HasIndex(t => t.DeviceId);
    }
}

internal sealed class DeviceCredentialConfiguration : IEntityTypeConfiguration<DeviceCredential>
{
    public void Configure(EntityTypeBuilder<DeviceCredential> b)
    {
        b.ToTable("device_credentials");
        b.HasKey(c => c.DeviceId);
        b.Property(c => c.Username).HasMaxLength(Limits.Name);
        b.Property(c => c.PasswordHash).HasMaxLength(Limits.Hash);
        b.HasOne<Device>().WithOne().HasForeignKey<DeviceCredential>(c => c.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.Username).IsUnique();
        b.HasIndex(c => c.TenantId);
    }
}
