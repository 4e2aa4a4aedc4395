using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Telemetry.Wire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Live.Storage;

// Provider-neutral facets only (one migration set for SQLite and PostgreSQL): 20261129051000_LiveReadings.

/// <summary>Column lengths of the live tables.</summary>
internal static class LiveLimits
{
    /// <summary>Tags are at most 64 characters (TelemetryContract.MaxNameLength).</summary>
    public const int Tag = TelemetryContract.MaxNameLength;

    /// <summary>Units are at most 16 code points, so at most 32 UTF-16 characters.</summary>
    public const int Unit = TelemetryContract.MaxUnitLength * 2;

    /// <summary>A uint64 in decimal, zero-padded.</summary>
    public const int Seq = 20;
}

internal sealed class LiveReadingConfiguration : IEntityTypeConfiguration<LiveReadingRow>
{
    public void Configure(EntityTypeBuilder<LiveReadingRow> b)
    {
        b.ToTable("live_readings");
        b.HasKey(r => new { r.DeviceId, r.Tag });
        b.Property(r => r.Tag).HasMaxLength(LiveLimits.Tag);
        b.Property(r => r.Unit).HasMaxLength(LiveLimits.Unit);
        b.Property(r => r.Quality).HasMaxLength(Limits.Enum);
        b.Property(r => r.Seq).HasMaxLength(LiveLimits.Seq).IsConcurrencyToken();
        b.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.TenantId);
    }
}

internal sealed class LiveAlarmConfiguration : IEntityTypeConfiguration<LiveAlarmRow>
{
    public void Configure(EntityTypeBuilder<LiveAlarmRow> b)
    {
        b.ToTable("live_alarms");
        b.HasKey(a => new { a.DeviceId, a.Tag, a.Kind });
        b.Property(a => a.Tag).HasMaxLength(LiveLimits.Tag);
        b.Property(a => a.Kind).HasMaxLength(Limits.Enum);
        b.Property(a => a.State).HasMaxLength(Limits.Enum);
        b.Property(a => a.Unit).HasMaxLength(LiveLimits.Unit);
        b.Property(a => a.Seq).HasMaxLength(LiveLimits.Seq).IsConcurrencyToken();
        b.HasOne<Device>().WithMany().HasForeignKey(a => a.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.TenantId, a.Active });
    }
}
