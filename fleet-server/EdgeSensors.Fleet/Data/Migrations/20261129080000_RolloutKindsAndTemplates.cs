using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EdgeSensors.Fleet.Data.Migrations;

/// <summary>
/// Rollouts of node configs and from stored templates (Rollouts/Storage): the rollout's device kind (existing rollouts
/// are gateway rollouts), the template it pinned at creation, and per device the sha256 it was sent and why it was
/// skipped or held. Provider-neutral.
/// </summary>
[DbContext(typeof(FleetDbContext))]
[Migration("20261129080000_RolloutKindsAndTemplates")]
public sealed class RolloutKindsAndTemplates : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("Kind", "rollouts", maxLength: Limits.Enum, nullable: false, defaultValue: "Gateway");
        m.AddColumn<Guid>("TemplateId", "rollouts", nullable: true);
        m.AddColumn<string>("TemplateName", "rollouts", maxLength: Limits.Name, nullable: true);
        m.AddColumn<int>("TemplateVersion", "rollouts", nullable: true);
        m.AddColumn<string>("TargetSha256", "rollout_devices", maxLength: 64, nullable: true);
        m.AddColumn<bool>("Skipped", "rollout_devices", nullable: false, defaultValue: false);
        m.AddColumn<string>("Reason", "rollout_devices", maxLength: Limits.Description, nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("Reason", "rollout_devices");
        m.DropColumn("Skipped", "rollout_devices");
        m.DropColumn("TargetSha256", "rollout_devices");
        m.DropColumn("TemplateVersion", "rollouts");
        m.DropColumn("TemplateName", "rollouts");
        m.DropColumn("TemplateId", "rollouts");
        m.DropColumn("Kind", "rollouts");
    }
}
