using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Live.Storage;

/// <summary>
/// The state of one alarm (device, tag, kind) after the newest event received (table live_alarms). A cleared alarm
/// keeps its row (inactive) so that an older event arriving late cannot bring it back.
/// </summary>
public sealed class LiveAlarmRow : ITenantOwned
{
    public Guid DeviceId { get; set; }

    public Guid TenantId { get; set; }

    public string Tag { get; set; } = "";

    /// <summary>Wire name: HH, H, L, LL, rate, sensor_fault.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Wire name of the last event: raised, returned, acknowledged, cleared.</summary>
    public string State { get; set; } = "";

    /// <summary>From raised until cleared.</summary>
    public bool Active { get; set; }

    /// <summary>An operator acknowledged it since it was last raised.</summary>
    public bool Acknowledged { get; set; }

    public bool Latched { get; set; }

    /// <summary>The value of the last event, in <see cref="Unit"/>; null when it had none.</summary>
    public double? Value { get; set; }

    /// <summary>The limit crossed, in <see cref="Unit"/>; null for sensor_fault.</summary>
    public double? Limit { get; set; }

    public string Unit { get; set; } = "";

    /// <summary>Source time of the last raised event; null when only later events were received.</summary>
    public DateTime? RaisedAt { get; set; }

    /// <summary>Source time of the last event.</summary>
    public DateTime ChangedAt { get; set; }

    /// <summary>Seq of the last event, zero-padded to 20 digits (a concurrency token).</summary>
    public string Seq { get; set; } = "";

    public DateTime ReceivedAt { get; set; }
}
