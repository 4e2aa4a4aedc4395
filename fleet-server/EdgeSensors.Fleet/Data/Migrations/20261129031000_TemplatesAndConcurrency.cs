using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>
/// Row versions on the registry (optimistic concurrency), config templates with per-device overrides (Configs/Storage),
/// and sign-in attempts for the rate limit every instance shares (Identity/SignInLimits). Provider-neutral.
/// </summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129031000_TemplatesAndConcurrency")]
public sealed class TemplatesAndConcurrency : Migration
{
    private static readonly string[] VersionedTables = ["sites", "areas", "devices", "tags"];

    protected override void Up(MigrationBuilder m)
    {
        foreach (var table in VersionedTables)
        {
            m.AddColumn<int>("Version", table, nullable: false, defaultValue: 1);
        }

        m.CreateTable("config_templates", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Description = t.Column<string>(maxLength: Limits.Description, nullable: true),
            Kind = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            SiteId = t.Column<Guid>(nullable: true),
            Body = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_config_templates", x => x.Id);
            t.ForeignKey("FK_config_templates_sites_SiteId", x => x.SiteId, "sites", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_config_templates_TenantId_Name", "config_templates", ["TenantId", "Name"], unique: true);
        m.CreateIndex("IX_config_templates_SiteId", "config_templates", "SiteId");

        m.CreateTable("device_config_overrides", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            TemplateId = t.Column<Guid>(nullable: false),
            Overrides = t.Column<string>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_device_config_overrides", x => x.DeviceId);
            t.ForeignKey("FK_device_config_overrides_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_device_config_overrides_config_templates_TemplateId", x => x.TemplateId, "config_templates", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_device_config_overrides_TemplateId", "device_config_overrides", "TemplateId");
        m.CreateIndex("IX_device_config_overrides_TenantId", "device_config_overrides", "TenantId");

        m.CreateTable("sign_in_attempts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Key = t.Column<string>(maxLength: Limits.Name + 8, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_sign_in_attempts", x => x.Id));
        m.CreateIndex("IX_sign_in_attempts_Key_At", "sign_in_attempts", ["Key", "At"]);
        m.CreateIndex("IX_sign_in_attempts_At", "sign_in_attempts", "At");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("sign_in_attempts");
        m.DropTable("device_config_overrides");
        m.DropTable("config_templates");
        foreach (var table in VersionedTables)
        {
            m.DropColumn("Version", table);
        }
    }
}
