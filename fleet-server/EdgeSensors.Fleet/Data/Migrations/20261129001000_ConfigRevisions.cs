using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>Config revisions, their approvals, and each device's desired and reported config (Configs/Storage). Provider-neutral.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129001000_ConfigRevisions")]
public sealed class ConfigRevisions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("config_revisions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            DeviceId = t.Column<Guid>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Author = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Message = t.Column<string>(maxLength: Limits.Description, nullable: false),
            Body = t.Column<string>(nullable: false),
            Sha256 = t.Column<string>(maxLength: 64, nullable: false),
            AlarmImpacting = t.Column<bool>(nullable: false),
            State = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            Violations = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ActivatedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_config_revisions", x => x.Id);
            t.ForeignKey("FK_config_revisions_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_config_revisions_DeviceId_Number", "config_revisions", ["DeviceId", "Number"], unique: true);
        m.CreateIndex("IX_config_revisions_TenantId", "config_revisions", "TenantId");

        m.CreateTable("config_approvals", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            RevisionId = t.Column<Guid>(nullable: false),
            Approver = t.Column<string>(maxLength: Limits.Name, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_config_approvals", x => x.Id);
            t.ForeignKey("FK_config_approvals_config_revisions_RevisionId", x => x.RevisionId, "config_revisions", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_config_approvals_RevisionId_Approver", "config_approvals", ["RevisionId", "Approver"], unique: true);
        m.CreateIndex("IX_config_approvals_TenantId", "config_approvals", "TenantId");

        m.CreateTable("device_config_states", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            DesiredRevision = t.Column<int>(nullable: false),
            DesiredSha256 = t.Column<string>(maxLength: 64, nullable: true),
            DesiredConfigRevisionId = t.Column<Guid>(nullable: true),
            DesiredAt = t.Column<DateTime>(nullable: true),
            ReportedRevision = t.Column<int>(nullable: true),
            ReportedSha256 = t.Column<string>(maxLength: 64, nullable: true),
            ReportedStatus = t.Column<string>(maxLength: Limits.Enum, nullable: true),
            ReportedReason = t.Column<string>(maxLength: Limits.Description, nullable: true),
            ReportedAt = t.Column<DateTime>(nullable: true),
            ConfigKey = t.Column<byte[]>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_device_config_states", x => x.DeviceId);
            t.ForeignKey("FK_device_config_states_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_device_config_states_TenantId", "device_config_states", "TenantId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("device_config_states");
        m.DropTable("config_approvals");
        m.DropTable("config_revisions");
    }
}
