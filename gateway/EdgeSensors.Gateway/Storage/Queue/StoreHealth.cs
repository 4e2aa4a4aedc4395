namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>Condition plus what happened and what to do, for an operator.</summary>
/// <param name="Condition">Healthy, Recovered, DiskFull or WriteError.</param>
/// <param name="Message">What happened and what to do; empty when healthy.</param>
/// <param name="Since">When the condition began (UTC).</param>
public sealed record StoreHealth(StoreCondition Condition, string Message, DateTimeOffset Since);
