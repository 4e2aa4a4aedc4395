namespace EdgeSensors.Gateway.Storage;

/// <summary>A Storage:* setting is invalid; the message names the key and the fix.</summary>
public sealed class StoreConfigurationException(string message) : Exception(message);
