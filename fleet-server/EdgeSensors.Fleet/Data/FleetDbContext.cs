using System.Linq.Expressions;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EdgeSensors.Fleet.Data;

/// <summary>
/// The fleet database, on SQLite or PostgreSQL with the same migrations (see <see cref="FleetDatabase"/>).
/// Entity mappings live in <c>IEntityTypeConfiguration</c> classes (Data/Configuration and each feature's folder);
/// every <see cref="ITenantOwned"/> entity gets the tenant query filter automatically.
/// </summary>
public sealed class FleetDbContext(DbContextOptions<FleetDbContext> options, CurrentTenant tenant) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The tenant this context serves; <see cref="Guid.Empty"/> (matches no row) when none is set.</summary>
    public Guid TenantFilterId => tenant.TenantId ?? Guid.Empty;

    /// <summary>True in system scope (CLI, bootstrap, sign-in lookup).</summary>
    public bool CrossTenant => tenant.AllTenants;

    public CurrentTenant Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FleetDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes().ToList())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType))
            {
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilterFor(entityType.ClrType));
            }

            foreach (var property in entityType.GetProperties())
            {
                if (property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?))
                {
                    // SQLite gives DateTime back as Kind=Unspecified; every stored time is UTC, so say so.
                    property.SetValueConverter(UtcDateTime);
                }
            }
        }
    }

    private static readonly ValueConverter<DateTime, DateTime> UtcDateTime =
        new(value => value, value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private LambdaExpression TenantFilterFor(Type entity)
    {
        // e => this.CrossTenant || e.TenantId == this.TenantFilterId, re-read by EF on every query.
        var e = Expression.Parameter(entity, "e");
        var context = Expression.Constant(this);
        var body = Expression.OrElse(
            Expression.Property(context, nameof(CrossTenant)),
            Expression.Equal(
                Expression.Property(e, nameof(ITenantOwned.TenantId)),
                Expression.Property(context, nameof(TenantFilterId))));
        return Expression.Lambda(body, e);
    }
}
