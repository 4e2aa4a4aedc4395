using System.Collections.Immutable;
using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>
/// One gateway's validated site configuration (gateway.yaml). Immutable: a reload builds a new one or none at all,
/// so pollers, alarms and uplink never see a half-applied change.
/// </summary>
public sealed record SiteConfig
{
    public required GatewayIdentity Gateway { get; init; }

    public required ImmutableArray<BusConfig> Buses { get; init; }

    public required ImmutableArray<DeviceConfig> Devices { get; init; }

    public required ImmutableArray<OutputConfig> Outputs { get; init; }

    /// <summary>The upstream MQTT broker; null when the gateway only alarms and stores locally.</summary>
    public UpstreamConfig? Upstream { get; init; }

    public required StorageConfig Storage { get; init; }

    /// <summary>The file the configuration was read from, for messages.</summary>
    public string SourcePath { get; init; } = string.Empty;

    /// <summary>Published tags over all devices.</summary>
    public int TagCount => Devices.Sum(d => d.Tags.Length);

    /// <summary>Alarm conditions over all tags (each limit, rate-of-change and fault alarm counts once).</summary>
    public int AlarmCount => Devices.Sum(d => d.Tags.Sum(t => t.Alarms?.Kinds.Length ?? 0));

    public BusConfig? FindBus(string name) => Buses.FirstOrDefault(b => b.Name == name);

    public DeviceConfig? FindDevice(string name) => Devices.FirstOrDefault(d => d.Name == name);

    /// <summary>
    /// The alarm core's panel for every tag with alarms and every output, each output writing to the pin
    /// <paramref name="pinFor"/> gives it (a GPIO driver, or a recording one for outputs with driver: simulated).
    /// </summary>
    public AlarmPanel CreateAlarmPanel(Func<OutputConfig, IOutputPin> pinFor, int eventCapacity = 256)
    {
        TagAlarmConfig[] tags = [.. Devices.SelectMany(d => d.ToTagAlarmConfigs())];
        OutputBinding[] outputs = [.. Outputs.Select(o => o.CreateBinding(pinFor(o)))];
        return new AlarmPanel(tags, outputs, eventCapacity);
    }
}
