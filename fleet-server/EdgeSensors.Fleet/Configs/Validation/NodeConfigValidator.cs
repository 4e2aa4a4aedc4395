using System.Text;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Fleet.Configs.Validation;

/// <summary>
/// Validates a node's compact JSON config document with the firmware's own parser (NodeConfigParser, the code the
/// ESP32 runs), so the fleet server and the node can never disagree on what a valid node config is.
/// </summary>
public sealed class NodeConfigValidator
{
    /// <summary>The typed node config, or null and the parser's error with its key path.</summary>
    public NodeConfig? Validate(string json, out IReadOnlyList<ConfigProblem> problems)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        var parser = new NodeConfigParser(); // holds per-parse state: one per call
        NodeConfig? config = parser.Parse(body, 0, body.Length);
        problems = config is null ? [ToProblem(parser.Error)] : [];
        return config;
    }

    /// <summary>"devices[0].tags[2].type: 'float' is not one of ..." becomes path devices[0].tags[2].type and the message.</summary>
    internal static ConfigProblem ToProblem(string error)
    {
        int colon = error.IndexOf(": ", StringComparison.Ordinal);
        int equals = error.IndexOf(" = ", StringComparison.Ordinal);
        int end = colon < 0 ? equals : equals < 0 ? colon : Math.Min(colon, equals);
        string path = end > 0 && !error[..end].Contains(' ', StringComparison.Ordinal) ? error[..end] : "";
        string message = end > 0 && path.Length > 0 && end == colon ? error[(colon + 2)..] : error;
        return new ConfigProblem(ConfigProblem.Validation, path == "document" ? "" : path, message.Length == 0 ? "the node config is not valid" : message);
    }
}
