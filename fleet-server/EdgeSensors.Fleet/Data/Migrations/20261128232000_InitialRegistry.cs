using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>
/// Tenants, registry, users, API keys, sessions, audit log. Hand-written and provider-neutral: no store types and no
/// provider annotations, so SQLite and PostgreSQL each map the CLR types themselves (tests prove both match the model).
/// </summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261128232000_InitialRegistry")]
public sealed class InitialRegistry : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("tenants", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_tenants", x => x.Id));
        m.CreateIndex("IX_tenants_Name", "tenants", "Name", unique: true);

        m.CreateTable("sites", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Description = t.Column<string>(maxLength: Limits.Description, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_sites", x => x.Id);
            t.ForeignKey("FK_sites_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_sites_TenantId_Name", "sites", ["TenantId", "Name"], unique: true);

        m.CreateTable("areas", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            SiteId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Kind = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            OverfillLevel = t.Column<double>(nullable: true),
            OverfillLevelUnit = t.Column<string>(maxLength: Limits.Unit, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_areas", x => x.Id);
            t.ForeignKey("FK_areas_sites_SiteId", x => x.SiteId, "sites", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_areas_SiteId_Name", "areas", ["SiteId", "Name"], unique: true);
        m.CreateIndex("IX_areas_TenantId", "areas", "TenantId");

        m.CreateTable("devices", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            SiteId = t.Column<Guid>(nullable: false),
            AreaId = t.Column<Guid>(nullable: true),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Kind = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            SerialNumber = t.Column<string>(maxLength: Limits.Name, nullable: true),
            HardwareVersion = t.Column<string>(maxLength: Limits.Version, nullable: true),
            FirmwareVersion = t.Column<string>(maxLength: Limits.Version, nullable: true),
            SoftwareVersion = t.Column<string>(maxLength: Limits.Version, nullable: true),
            VersionsReportedAt = t.Column<DateTime>(nullable: true),
            LastSeenAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_devices", x => x.Id);
            t.ForeignKey("FK_devices_sites_SiteId", x => x.SiteId, "sites", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_devices_areas_AreaId", x => x.AreaId, "areas", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_devices_TenantId_Name", "devices", ["TenantId", "Name"], unique: true);
        m.CreateIndex("IX_devices_SiteId", "devices", "SiteId");
        m.CreateIndex("IX_devices_AreaId", "devices", "AreaId");

        m.CreateTable("tags", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            DeviceId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Unit = t.Column<string>(maxLength: Limits.Unit, nullable: true),
            Description = t.Column<string>(maxLength: Limits.Description, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_tags", x => x.Id);
            t.ForeignKey("FK_tags_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_tags_DeviceId_Name", "tags", ["DeviceId", "Name"], unique: true);
        m.CreateIndex("IX_tags_TenantId", "tags", "TenantId");

        m.CreateTable("labels", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            OwnerKind = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            OwnerId = t.Column<Guid>(nullable: false),
            Key = t.Column<string>(maxLength: Limits.LabelKey, nullable: false),
            Value = t.Column<string>(maxLength: Limits.LabelValue, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_labels", x => x.Id));
        m.CreateIndex("IX_labels_OwnerId_Key", "labels", ["OwnerId", "Key"], unique: true);
        m.CreateIndex("IX_labels_TenantId_Key_Value", "labels", ["TenantId", "Key", "Value"]);

        m.CreateTable("users", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            UserName = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Role = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            PasswordHash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
            Disabled = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_users", x => x.Id);
            t.ForeignKey("FK_users_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_users_UserName", "users", "UserName", unique: true);
        m.CreateIndex("IX_users_TenantId", "users", "TenantId");

        m.CreateTable("api_keys", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Role = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            SecretHash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
            CreatedBy = t.Column<string>(maxLength: Limits.Name, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: true),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_api_keys", x => x.Id);
            t.ForeignKey("FK_api_keys_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_api_keys_SecretHash", "api_keys", "SecretHash", unique: true);
        m.CreateIndex("IX_api_keys_TenantId_Name", "api_keys", ["TenantId", "Name"], unique: true);

        m.CreateTable("sessions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            UserId = t.Column<Guid>(nullable: false),
            TokenHash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_sessions", x => x.Id);
            t.ForeignKey("FK_sessions_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_sessions_TokenHash", "sessions", "TokenHash", unique: true);
        m.CreateIndex("IX_sessions_UserId", "sessions", "UserId");

        m.CreateTable("audit_entries", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Sequence = t.Column<long>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Actor = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Action = t.Column<string>(maxLength: Limits.Name, nullable: false),
            EntityType = t.Column<string>(maxLength: Limits.Name, nullable: false),
            EntityId = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Before = t.Column<string>(nullable: true),
            After = t.Column<string>(nullable: true),
            PrevHash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
            Hash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_audit_entries", x => x.Id));
        m.CreateIndex("IX_audit_entries_TenantId_Sequence", "audit_entries", ["TenantId", "Sequence"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "audit_entries", "sessions", "api_keys", "users", "labels", "tags", "devices", "areas", "sites", "tenants" })
        {
            m.DropTable(table);
        }
    }
}
