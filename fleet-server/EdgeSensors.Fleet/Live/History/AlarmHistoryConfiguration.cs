using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Live.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Live.History;

// Provider-neutral facets only (one migration set for SQLite and PostgreSQL): 20261129081000_AlarmHistory.
internal sealed class AlarmHistoryConfiguration : IEntityTypeConfiguration<AlarmEventRow>
{
    /// <summary>32 hex digits of the device id and 20 digits of seq.</summary>
    public const int KeyLength = 52;

    public void Configure(EntityTypeBuilder<AlarmEventRow> b)
    {
        b.ToTable("alarm_events");
        b.HasKey(e => e.Key);
        b.Property(e => e.Key).HasMaxLength(KeyLength);
        b.Property(e => e.Source).HasMaxLength(LiveLimits.Tag);
        b.Property(e => e.Tag).HasMaxLength(LiveLimits.Tag);
        b.Property(e => e.Kind).HasMaxLength(Limits.Enum);
        b.Property(e => e.State).HasMaxLength(Limits.Enum);
        b.Property(e => e.Unit).HasMaxLength(LiveLimits.Unit);
        b.Property(e => e.Seq).HasMaxLength(LiveLimits.Seq);
        b.HasIndex(e => new { e.TenantId, e.EventAt }); // the tenant's history, newest first
        b.HasIndex(e => new { e.DeviceId, e.EventAt }); // one device's history
        b.HasIndex(e => e.ReceivedAt); // pruning by age
    }
}
