namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>Who this gateway is: <see cref="Id"/> appears in every MQTT topic, <see cref="Site"/> is for people.</summary>
public sealed record GatewayIdentity(string Id, string Site);
