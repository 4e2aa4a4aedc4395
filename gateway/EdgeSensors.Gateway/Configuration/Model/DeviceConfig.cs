using System.Collections.Immutable;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>One instrument on a bus: which profile describes it, its unit id, how often it is polled and what is published.</summary>
public sealed record DeviceConfig
{
    public required string Name { get; init; }

    /// <summary>Name of the <see cref="BusConfig"/> it hangs on.</summary>
    public required string Bus { get; init; }

    /// <summary>The instrument's register map (hardware/profiles/&lt;id&gt;).</summary>
    public required DeviceProfile Profile { get; init; }

    /// <summary>Modbus unit (slave) id, 1-247.</summary>
    public required byte UnitId { get; init; }

    public required TimeSpan PollInterval { get; init; }

    /// <summary>Unmapped registers a coalesced read may span to save a request (0: never read an unmapped register).</summary>
    public required int MaxGapRegisters { get; init; }

    public required ImmutableArray<TagConfig> Tags { get; init; }

    /// <summary>How to coalesce this device's tags into reads.</summary>
    public BlockPlanOptions PlanOptions => new() { MaxGap = MaxGapRegisters };

    public TagConfig? FindTag(string name) => Tags.FirstOrDefault(t => t.Name == name);

    /// <summary>The alarm core's name for one of this device's tags: "device/tag", as the poller's TagSample.Path.</summary>
    public string AlarmTag(string tag) => $"{Name}/{tag}";

    /// <summary>What the poller needs for this device.</summary>
    public DevicePollSettings ToPollSettings() => new()
    {
        Name = Name,
        Profile = Profile,
        Unit = UnitId,
        Interval = PollInterval,
        GapBudget = MaxGapRegisters,
        Tags = [.. Tags.Select(t => t.ToPollSettings())],
    };

    /// <summary>The alarm core's config of every tag that has alarms.</summary>
    public IEnumerable<TagAlarmConfig> ToTagAlarmConfigs() =>
        Tags.Where(t => t.Alarms is not null).Select(t => t.Alarms!.ToTagAlarmConfig(AlarmTag(t.Name), t.Unit));
}
