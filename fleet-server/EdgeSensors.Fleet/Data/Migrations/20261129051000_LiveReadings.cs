using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>The latest reading per device and tag, and each alarm's state (Live/Storage). Provider-neutral.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129051000_LiveReadings")]
public sealed class LiveReadings : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("live_readings", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            Tag = t.Column<string>(maxLength: 64, nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Value = t.Column<double>(nullable: true),
            Unit = t.Column<string>(maxLength: 32, nullable: false),
            Quality = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            ReadingAt = t.Column<DateTime>(nullable: false),
            Seq = t.Column<string>(maxLength: 20, nullable: false),
            ReceivedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_live_readings", x => new { x.DeviceId, x.Tag });
            t.ForeignKey("FK_live_readings_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_live_readings_TenantId", "live_readings", "TenantId");

        m.CreateTable("live_alarms", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            Tag = t.Column<string>(maxLength: 64, nullable: false),
            Kind = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            State = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            Active = t.Column<bool>(nullable: false),
            Acknowledged = t.Column<bool>(nullable: false),
            Latched = t.Column<bool>(nullable: false),
            Value = t.Column<double>(nullable: true),
            Limit = t.Column<double>(nullable: true),
            Unit = t.Column<string>(maxLength: 32, nullable: false),
            RaisedAt = t.Column<DateTime>(nullable: true),
            ChangedAt = t.Column<DateTime>(nullable: false),
            Seq = t.Column<string>(maxLength: 20, nullable: false),
            ReceivedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_live_alarms", x => new { x.DeviceId, x.Tag, x.Kind });
            t.ForeignKey("FK_live_alarms_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_live_alarms_TenantId_Active", "live_alarms", ["TenantId", "Active"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("live_alarms");
        m.DropTable("live_readings");
    }
}
