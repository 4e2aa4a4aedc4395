namespace EdgeSensors.Fleet.Configs.Documents;

/// <summary>A config body or override that is not a YAML mapping; the message names the document and the position.</summary>
public sealed class ConfigFormatException(string message) : Exception(message);
