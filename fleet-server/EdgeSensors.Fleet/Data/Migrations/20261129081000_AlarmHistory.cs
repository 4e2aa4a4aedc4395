using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>Every alarm event received, kept Fleet:History:AlarmRetentionDays (Live/History). Provider-neutral.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129081000_AlarmHistory")]
public sealed class AlarmHistory : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("alarm_events", t => new
        {
            Key = t.Column<string>(maxLength: 52, nullable: false),
            DeviceId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Source = t.Column<string>(maxLength: 64, nullable: false),
            Tag = t.Column<string>(maxLength: 64, nullable: false),
            Kind = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            State = t.Column<string>(maxLength: Limits.Enum, nullable: false),
            Value = t.Column<double>(nullable: true),
            Limit = t.Column<double>(nullable: true),
            Unit = t.Column<string>(maxLength: 32, nullable: false),
            Latched = t.Column<bool>(nullable: false),
            EventAt = t.Column<DateTime>(nullable: false),
            Seq = t.Column<string>(maxLength: 20, nullable: false),
            ReceivedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_alarm_events", x => x.Key));
        m.CreateIndex("IX_alarm_events_TenantId_EventAt", "alarm_events", ["TenantId", "EventAt"]);
        m.CreateIndex("IX_alarm_events_DeviceId_EventAt", "alarm_events", ["DeviceId", "EventAt"]);
        m.CreateIndex("IX_alarm_events_ReceivedAt", "alarm_events", "ReceivedAt");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("alarm_events");
}
