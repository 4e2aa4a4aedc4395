using System.Collections.Immutable;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads 'devices:': each instrument's bus, profile, unit id and polling, then its published tags.</summary>
internal sealed class DeviceReader(ErrorSink sink, IReadOnlyList<DeviceProfile> profiles, IReadOnlyList<BusConfig> buses, IReadOnlyCollection<string> declaredBuses)
{
    // 20 ms: a Modbus TCP poll here takes well under 1 ms, and alarm latency from a crossing is bounded by one poll
    // period (docs/alarms.md). Slower buses simply fall behind: PeriodicTimer skips ticks, it never queues them.
    private const double MinimumPollIntervalSeconds = 0.02;

    private readonly Dictionary<(string Bus, byte Unit), (string Device, long Line)> _units = [];
    private readonly UniqueNames _names = new(sink, "device");

    /// <summary>Every device name written, including devices with errors (outputs naming those are not blamed again).</summary>
    public IReadOnlyCollection<string> Declared => _names.Names;

    public IReadOnlyList<DeviceConfig> ReadAll(YamlMap root)
    {
        var devices = new List<DeviceConfig>();
        foreach (YamlMap map in ListItems.Read(root, "devices", "- name: ...", ConfigVocabulary.DeviceKeys, required: true))
        {
            if (Read(map, _names) is DeviceConfig device)
            {
                devices.Add(device);
            }
        }

        return devices;
    }

    private DeviceConfig? Read(YamlMap map, UniqueNames names)
    {
        string? name = ConfigNames.Read(map, "name", "device", "t101-lel");
        string label = name is null ? map.Path : $"device '{name}'";
        if (name is not null && !names.Add(name, map, "name"))
        {
            name = null;
        }

        BusConfig? bus = ReadBus(map, label);
        DeviceProfile? profile = ReadProfile(map, label);
        long? unit = map.Integer("unit_id", ModbusLimits.MinUnit, ModbusLimits.MaxUnit, required: true);
        double pollSeconds = map.Number("poll_interval_s", MinimumPollIntervalSeconds, 86_400, "s") ?? ConfigDefaults.PollIntervalSeconds;
        int maxGap = (int)(map.Integer("max_gap_registers", 0, ModbusLimits.MaxReadRegisters - 1) ?? ConfigDefaults.MaxGapRegisters);
        if (bus is not null && unit is not null && name is not null)
        {
            CheckUnitIsFree(map, bus, (byte)unit, name);
        }

        if (profile is null)
        {
            // Tags cannot be checked without the register map; their keys are still checked for typos.
            ListItems.Read(map, "tags", "- name: ...", ConfigVocabulary.TagKeys, required: false).ToList();
            return null;
        }

        var tagReader = new PublishedTagReader(sink, profile, name ?? map.Path, label, TimeSpan.FromSeconds(pollSeconds));
        ImmutableArray<TagConfig> tags = map.Has("tags") ? tagReader.ReadAll(map) : tagReader.Defaults();
        if (name is null || bus is null || unit is null)
        {
            return null;
        }

        return new DeviceConfig
        {
            Name = name,
            Bus = bus.Name,
            Profile = profile,
            UnitId = (byte)unit,
            PollInterval = TimeSpan.FromSeconds(pollSeconds),
            MaxGapRegisters = maxGap,
            Tags = tags,
        };
    }

    private BusConfig? ReadBus(YamlMap map, string label)
    {
        string? name = map.String("bus", required: true);
        if (name is null)
        {
            return null;
        }

        BusConfig? bus = buses.FirstOrDefault(b => b.Name == name);
        if (bus is null && !declaredBuses.Contains(name))
        {
            string[] known = [.. declaredBuses];
            string fix = known.Length == 0
                ? "define the bus under 'buses:' first"
                : $"define it under 'buses:' or use {YamlMap.JoinChoices(known)}{KeyHints.Suffix(name, known)}";
            map.Error("bus", $"{label} is on bus '{name}', which is not defined", fix);
        }

        return bus;
    }

    private DeviceProfile? ReadProfile(YamlMap map, string label)
    {
        string? id = map.String("profile", required: true);
        if (id is null)
        {
            return null;
        }

        DeviceProfile? profile = profiles.FirstOrDefault(p => p.Id == id);
        if (profile is null)
        {
            string[] known = [.. profiles.Select(p => p.Id)];
            string fix = known.Length == 0
                ? "no profiles were loaded: point EDGESENSORS_PROFILES (or --profiles) at hardware/profiles"
                : $"use one of the profiles in hardware/profiles: {string.Join(", ", known)}{KeyHints.Suffix(id, known)}";
            map.Error("profile", $"{label}: unknown profile '{id}'", fix);
        }

        return profile;
    }

    private void CheckUnitIsFree(YamlMap map, BusConfig bus, byte unit, string device)
    {
        if (_units.TryGetValue((bus.Name, unit), out var first))
        {
            map.Error(
                "unit_id",
                $"unit {unit} on bus '{bus.Name}' is already device '{first.Device}' (line {first.Line})",
                "each instrument on a bus needs its own unit id: change one here and in the instrument's address setting");
            return;
        }

        _units[(bus.Name, unit)] = (device, map.Value("unit_id")!.Start.Line);
    }
}
