namespace EdgeSensors.Fleet.Broker.Consumers;

/// <summary>One message a device published, as a consumer receives it: the device id comes from the topic.</summary>
/// <param name="DeviceId">The {id} level of {prefix}/{id}/{kind}; the broker let only that device publish there.</param>
/// <param name="Kind">telemetry, alarms, status or config/reported.</param>
/// <param name="Topic">The whole topic.</param>
/// <param name="Payload">The message body, as published.</param>
/// <param name="Retained">True for a retained message (status, config report).</param>
public sealed record DeviceMessage(string DeviceId, string Kind, string Topic, byte[] Payload, bool Retained);
