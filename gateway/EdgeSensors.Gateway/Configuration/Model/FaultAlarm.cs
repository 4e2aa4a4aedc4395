using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>The alarm raised when a reading is not a trustworthy measurement, for the qualities in <see cref="Triggers"/>.</summary>
public sealed record FaultAlarm(FaultTriggers Triggers, TimeSpan OnDelay, TimeSpan OffDelay, bool Latch);
