using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>Rollouts, the devices they took in, and what the consumer saw of each device (Rollouts/Storage). Provider-neutral.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129030000_Rollouts")]
public sealed class Rollouts : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("rollouts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Message = t.Column<string>(maxLength: Limits.Description, nullable: false),
            Author = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Body = t.Column<string>(nullable: false),
            SiteId = t.Column<Guid>(nullable: true),
            LabelSelector = t.Column<string>(maxLength: Limits.Description, nullable: true),
            CanaryPercent = t.Column<int>(nullable: false),
            Waves = t.Column<string>(maxLength: Limits.Name, nullable: false),
            SoakSeconds = t.Column<int>(nullable: false),
            StaleFactor = t.Column<int>(nullable: false),
            HeartbeatTimeoutSeconds = t.Column<int>(nullable: false),
            DeclaredIntervalMs = t.Column<long>(nullable: false),
            Status = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            Wave = t.Column<int>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: false),
            WaveStartedAt = t.Column<DateTime>(nullable: false),
            HaltReason = t.Column<string>(maxLength: Limits.Description, nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            FinishedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_rollouts", x => x.Id);
            t.ForeignKey("FK_rollouts_sites_SiteId", x => x.SiteId, "sites", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_rollouts_TenantId", "rollouts", "TenantId");
        m.CreateIndex("IX_rollouts_Status", "rollouts", "Status");
        m.CreateIndex("IX_rollouts_SiteId", "rollouts", "SiteId");

        m.CreateTable("rollout_devices", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            RolloutId = t.Column<Guid>(nullable: false),
            DeviceId = t.Column<Guid>(nullable: false),
            DeviceName = t.Column<string>(maxLength: Limits.Name, nullable: false),
            Wave = t.Column<int>(nullable: false),
            AssignedAt = t.Column<DateTime>(nullable: false),
            AppliedAt = t.Column<DateTime>(nullable: true),
            PreviousRevision = t.Column<int>(nullable: true),
            PreviousSha256 = t.Column<string>(maxLength: 64, nullable: true),
            PreviousConfigRevisionId = t.Column<Guid>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_rollout_devices", x => x.Id);
            t.ForeignKey("FK_rollout_devices_rollouts_RolloutId", x => x.RolloutId, "rollouts", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_rollout_devices_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_rollout_devices_RolloutId_DeviceId", "rollout_devices", ["RolloutId", "DeviceId"], unique: true);
        m.CreateIndex("IX_rollout_devices_DeviceId", "rollout_devices", "DeviceId");
        m.CreateIndex("IX_rollout_devices_TenantId", "rollout_devices", "TenantId");

        m.CreateTable("device_activity", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            LastTelemetryAt = t.Column<DateTime>(nullable: true),
            LastStatusAt = t.Column<DateTime>(nullable: true),
            AlarmEvaluations = t.Column<long>(nullable: true),
            AlarmHeartbeatAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_device_activity", x => x.DeviceId);
            t.ForeignKey("FK_device_activity_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_device_activity_TenantId", "device_activity", "TenantId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("device_activity");
        m.DropTable("rollout_devices");
        m.DropTable("rollouts");
    }
}
