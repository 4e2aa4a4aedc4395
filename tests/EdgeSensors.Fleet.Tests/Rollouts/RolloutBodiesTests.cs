using System.Text.Json;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Rollouts;
using EdgeSensors.Fleet.Rollouts.Engine;
using EdgeSensors.Fleet.Rollouts.Storage;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>What a rollout sends one device: its identity merged in, and for a template rollout its overrides when they belong to that template.</summary>
public sealed class RolloutBodiesTests
{
    private const string NodeTemplate = """{"node":"template-node","devices":[{"name":"t101-lel","unit":1,"tags":[{"name":"concentration","register":40001,"alarms":{"h":25,"hh":50}}]}]}""";

    private static readonly Guid TemplateId = Guid.NewGuid();

    private static RolloutRow Rollout(DeviceKind kind, string body, Guid? templateId) => new()
    {
        Id = Guid.NewGuid(),
        Name = "r",
        Message = "m",
        Author = "user:test",
        Kind = kind,
        Body = body,
        TemplateId = templateId,
        TemplateName = templateId is null ? null : "LEL nodes",
        TemplateVersion = templateId is null ? null : 4,
        Waves = "100",
        Status = RolloutStatus.Running,
    };

    private static DeviceOverridesRow Binding(Guid templateId, string overrides) =>
        new() { DeviceId = Guid.NewGuid(), TemplateId = templateId, Overrides = overrides, Version = 1 };

    [Fact]
    public void A_node_gets_its_own_id_and_its_overrides_on_the_template()
    {
        RolloutRow rollout = Rollout(DeviceKind.Node, NodeTemplate, TemplateId);

        RolloutBody body = RolloutBodies.Make(rollout, "node-esp32-07", Binding(TemplateId, """{"devices":[{"name":"t101-lel","unit":3}]}"""));

        Assert.Null(body.Refusal);
        JsonElement document = JsonDocument.Parse(body.Body!).RootElement;
        Assert.Equal("node-esp32-07", document.GetProperty("node").GetString());
        Assert.Equal(3, document.GetProperty("devices")[0].GetProperty("unit").GetInt32());
        Assert.Equal(50, document.GetProperty("devices")[0].GetProperty("tags")[0].GetProperty("alarms").GetProperty("hh").GetDouble());
        Assert.Equal(Sha256Text.Of(body.Body!), body.Sha256);
        Assert.NotEqual(body.Sha256, body.BaseSha256);
    }

    [Fact]
    public void An_unbound_device_gets_the_template_as_it_is_and_devices_differing_only_by_identity_share_the_base()
    {
        RolloutRow rollout = Rollout(DeviceKind.Node, NodeTemplate, TemplateId);

        RolloutBody a = RolloutBodies.Make(rollout, "node-a", null);
        RolloutBody b = RolloutBodies.Make(rollout, "node-b", null);

        Assert.Equal("node-a", JsonDocument.Parse(a.Body!).RootElement.GetProperty("node").GetString());
        Assert.NotEqual(a.Sha256, b.Sha256);
        Assert.Equal(a.BaseSha256, b.BaseSha256);
    }

    [Fact]
    public void A_device_bound_to_another_template_is_refused_with_the_reason()
    {
        RolloutRow rollout = Rollout(DeviceKind.Node, NodeTemplate, TemplateId);

        RolloutBody body = RolloutBodies.Make(rollout, "node-esp32-07", Binding(Guid.NewGuid(), """{"devices":[{"name":"t101-lel","unit":3}]}"""));

        Assert.Null(body.Body);
        Assert.Equal("", body.Sha256);
        Assert.Contains("node-esp32-07 is bound to another config template", body.Refusal, StringComparison.Ordinal);
        Assert.Contains("'LEL nodes'", body.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_rollout_ignores_template_bindings_and_sets_the_gateway_id()
    {
        RolloutRow rollout = Rollout(DeviceKind.Gateway, "gateway:\n  id: anything\n  name: farm\n", null);
        var bodies = new RolloutBodies();

        RolloutBody body = bodies.For(rollout, "gw-07", Binding(Guid.NewGuid(), "gateway: { name: other }"));

        Assert.Null(body.Refusal);
        Assert.Contains("id: gw-07", body.Body, StringComparison.Ordinal);
        Assert.Contains("name: farm", body.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("anything", body.Body, StringComparison.Ordinal);
    }
}
