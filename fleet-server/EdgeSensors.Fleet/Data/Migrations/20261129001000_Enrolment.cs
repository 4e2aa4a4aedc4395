using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>Enrolment tokens and device credentials (Enrolment/). Provider-neutral like <see cref="InitialRegistry"/>.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129001000_Enrolment")]
public sealed class Enrolment : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("enrolment_tokens", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            SiteId = t.Column<Guid>(nullable: false),
            DeviceId = t.Column<Guid>(nullable: true),
            TokenHash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
            MaxUses = t.Column<int>(nullable: false),
            Uses = t.Column<int>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: Limits.Name, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_enrolment_tokens", x => x.Id);
            t.ForeignKey("FK_enrolment_tokens_sites_SiteId", x => x.SiteId, "sites", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_enrolment_tokens_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_enrolment_tokens_TokenHash", "enrolment_tokens", "TokenHash", unique: true);
        m.CreateIndex("IX_enrolment_tokens_TenantId", "enrolment_tokens", "TenantId");
        m.CreateIndex("IX_enrolment_tokens_SiteId", "enrolment_tokens", "SiteId");
        m.CreateIndex("IX_enrolment_tokens_DeviceId", "enrolment_tokens", "DeviceId");

        m.CreateTable("device_credentials", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Username = t.Column<string>(maxLength: Limits.Name, nullable: false),
            PasswordHash = t.Column<string>(maxLength: Limits.Hash, nullable: false),
            ConfigKey = t.Column<byte[]>(nullable: false),
            Generation = t.Column<int>(nullable: false),
            IssuedAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_device_credentials", x => x.DeviceId);
            t.ForeignKey("FK_device_credentials_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_device_credentials_Username", "device_credentials", "Username", unique: true);
        m.CreateIndex("IX_device_credentials_TenantId", "device_credentials", "TenantId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("device_credentials");
        m.DropTable("enrolment_tokens");
    }
}
