using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Data.Configuration;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(u => u.Id);
        b.Property(u => u.UserName).HasMaxLength(Limits.Name);
        b.Property(u => u.Role).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(u => u.PasswordHash).HasMaxLength(Limits.Hash);
        b.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.UserName).IsUnique();
        b.HasIndex(u => u.TenantId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Name).HasMaxLength(Limits.Name);
        b.Property(k => k.Role).HasConversion<string>().HasMaxLength(Limits.Enum);
        b.Property(k => k.SecretHash).HasMaxLength(Limits.Hash);
        b.Property(k => k.CreatedBy).HasMaxLength(Limits.Name);
        b.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(k => k.SecretHash).IsUnique();
        b.HasIndex(k => new { k.TenantId, k.Name }).IsUnique();
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.ToTable("sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.TokenHash).HasMaxLength(Limits.Hash);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.TokenHash).IsUnique();
        b.HasIndex(s => s.UserId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(a => a.Id);
        b.Property(a => a.Actor).HasMaxLength(Limits.Name);
        b.Property(a => a.Action).HasMaxLength(Limits.Name);
        b.Property(a => a.EntityType).HasMaxLength(Limits.Name);
        b.Property(a => a.EntityId).HasMaxLength(Limits.Name);
        b.Property(a => a.PrevHash).HasMaxLength(Limits.Hash);
        b.Property(a => a.Hash).HasMaxLength(Limits.Hash);
        b.HasIndex(a => new { a.TenantId, a.Sequence }).IsUnique();
    }
}
