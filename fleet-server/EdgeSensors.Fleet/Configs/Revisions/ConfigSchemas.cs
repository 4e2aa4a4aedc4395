using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>
/// The device kind decides the schema: a gateway's config is its YAML site config (the gateway's SiteConfigLoader), a
/// node's is its compact JSON document (the firmware's NodeConfigParser). Each has its own policy; the revision,
/// approval, diff and delivery flow around them is the same.
/// </summary>
public sealed class ConfigSchemas(ConfigValidator gateway, NodeConfigValidator node)
{
    public SubmissionOutcome Decide(DeviceKind kind, Submission submission, int latest, string? activeBody, IReadOnlyList<TankOverfill> tanks) =>
        kind == DeviceKind.Node
            ? new NodeRevisionPolicy(node).Decide(submission, latest, activeBody, tanks)
            : new RevisionPolicy(gateway).Decide(submission, latest, activeBody, tanks);

    /// <summary>Every validation error of <paramref name="body"/> for <paramref name="kind"/> (empty when valid).</summary>
    public IReadOnlyList<ConfigProblem> Validate(DeviceKind kind, string body)
    {
        IReadOnlyList<ConfigProblem> problems;
        if (kind == DeviceKind.Node)
        {
            node.Validate(body, out problems);
        }
        else
        {
            gateway.Validate(body, out problems);
        }

        return problems;
    }

    /// <summary>What the body must be, for messages.</summary>
    public static string Describe(DeviceKind kind) =>
        kind == DeviceKind.Node ? "the node's compact JSON config document (docs/firmware.md)" : "the gateway's YAML site config (docs/configuration.md)";
}
