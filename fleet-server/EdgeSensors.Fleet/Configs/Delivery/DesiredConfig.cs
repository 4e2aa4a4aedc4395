namespace EdgeSensors.Fleet.Configs.Delivery;

/// <summary>What the server published for a device: the delivery revision (monotonic per device) and the body's sha256.</summary>
public sealed record DesiredConfig(long Revision, string Sha256);
