using EdgeSensors.Fleet.Broker.Consumers;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Something the server does with what devices publish (last seen, config reports, telemetry storage). Every
/// registered handler gets every message its instance's consumer receives, in a fresh DI scope. Must be idempotent:
/// QoS 1 can deliver twice.
/// </summary>
public interface IDeviceMessageHandler
{
    Task HandleAsync(DeviceMessage message, CancellationToken ct);
}
