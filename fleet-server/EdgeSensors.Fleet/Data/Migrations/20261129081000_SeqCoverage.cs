using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>Which seqs each device's telemetry and alarms have delivered, for the gap view (Live/Gaps). Provider-neutral.</summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129081000_SeqCoverage")]
public sealed class SeqCoverage : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("seq_coverage", t => new
        {
            DeviceId = t.Column<Guid>(nullable: false),
            TenantId = t.Column<Guid>(nullable: false),
            Ranges = t.Column<string>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_seq_coverage", x => x.DeviceId);
            t.ForeignKey("FK_seq_coverage_devices_DeviceId", x => x.DeviceId, "devices", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_seq_coverage_TenantId", "seq_coverage", "TenantId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("seq_coverage");
}
