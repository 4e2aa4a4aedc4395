using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Fleet.Configs.Safety;

/// <summary>
/// The safety rules that apply to a node's config, over the firmware's typed NodeConfig: <c>alarm_removed</c> (an alarm
/// the active revision has is gone: hh, h, l, ll, rate, fault) and <c>hh_above_overfill</c> (a tank level's hh above
/// the tank's overfill level). <c>limit_outside_range</c> needs an instrument profile, which node configs do not name.
/// </summary>
public static class NodeSafetyRules
{
    private static readonly (AlarmKind Kind, string Key)[] Kinds =
    [
        (AlarmKind.HighHigh, "hh"), (AlarmKind.High, "h"), (AlarmKind.Low, "l"), (AlarmKind.LowLow, "ll"),
        (AlarmKind.RateOfChange, "rate_per_min"), (AlarmKind.SensorFault, "fault"),
    ];

    public static IReadOnlyList<ConfigProblem> Check(NodeConfig? active, NodeConfig proposed, IReadOnlyList<TankOverfill> tanks)
    {
        var problems = new List<ConfigProblem>();
        if (active is not null)
        {
            AlarmRemoved(active, proposed, problems);
        }

        HighHighAboveOverfill(proposed, tanks, problems);
        return problems;
    }

    private static void AlarmRemoved(NodeConfig active, NodeConfig proposed, List<ConfigProblem> problems)
    {
        for (int d = 0; d < active.Devices.Length; d++)
        {
            DeviceConfig was = active.Devices[d];
            int nd = Array.FindIndex(proposed.Devices, x => x.Name == was.Name);
            for (int t = 0; t < was.Tags.Length; t++)
            {
                TagConfig wasTag = was.Tags[t];
                if (wasTag.Alarms is null)
                {
                    continue;
                }

                int nt = nd < 0 ? -1 : Array.FindIndex(proposed.Devices[nd].Tags, x => x.Name == wasTag.Name);
                var now = nt < 0 ? null : proposed.Devices[nd].Tags[nt].Alarms;
                foreach (var (kind, key) in Kinds)
                {
                    if (!wasTag.Alarms.Get(kind).Enabled || (now is not null && now.Get(kind).Enabled))
                    {
                        continue;
                    }

                    string path = nd < 0 ? $"devices[{d}]" : nt < 0 ? $"devices[{nd}].tags[{t}]" : $"devices[{nd}].tags[{nt}].alarms.{key}";
                    string how = nd < 0 ? $"device {was.Name} is removed" : nt < 0 ? "the tag is removed" : key == "fault" ? "it is set to false" : "the key is removed";
                    problems.Add(new ConfigProblem(SafetyRule.AlarmRemoved, path,
                        $"{was.Name}/{wasTag.Name} loses its {key} alarm ({how})",
                        $"keep alarms.{key} as in the active revision, or mark the change alarm-impacting to have it approved"));
                }
            }
        }
    }

    private static void HighHighAboveOverfill(NodeConfig proposed, IReadOnlyList<TankOverfill> tanks, List<ConfigProblem> problems)
    {
        foreach (TankOverfill tank in tanks)
        {
            int d = Array.FindIndex(proposed.Devices, x => x.Name == tank.Device);
            int t = d < 0 ? -1 : Array.FindIndex(proposed.Devices[d].Tags, x => x.Name == tank.Tag);
            if (t < 0 || proposed.Devices[d].Tags[t].Alarms?.HighHigh is not { Enabled: true } hh)
            {
                continue;
            }

            TagConfig tag = proposed.Devices[d].Tags[t];
            string path = $"devices[{d}].tags[{t}].alarms.hh";
            string unit = tag.Unit.Length == 0 ? tank.Unit : tag.Unit;
            double? overfill = LengthUnits.Convert(tank.Level, tank.Unit, unit);
            if (overfill is null)
            {
                problems.Add(new ConfigProblem(SafetyRule.HighHighAboveOverfill, path,
                    $"{tank.Device}/{tank.Tag} reads '{tag.Unit}' but tank {tank.Tank}'s overfill level is in '{tank.Unit}': HH cannot be checked against it",
                    "give the tank's overfill level in the level tag's unit (or in m, cm or mm for a tag in one of them)"));
            }
            else if (hh.Limit > overfill.Value)
            {
                problems.Add(new ConfigProblem(SafetyRule.HighHighAboveOverfill, path,
                    $"{tank.Device}/{tank.Tag} hh {hh.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} {unit} is above tank {tank.Tank}'s overfill level {overfill.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {unit}",
                    $"set hh to {overfill.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {unit} or lower"));
            }
        }
    }
}
