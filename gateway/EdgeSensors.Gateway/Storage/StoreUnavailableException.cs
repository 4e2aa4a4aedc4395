namespace EdgeSensors.Gateway.Storage;

/// <summary>The queue cannot be opened at all (for example the data directory is not writable); the message says how to fix it.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
