using System.Globalization;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Fleet.Configs.Safety;

/// <summary>
/// The changes a config revision may not make without approval (issue 5, Safety rules): removing or disabling an alarm
/// the active revision has, a limit outside the instrument's range, a tank's HH above its overfill level. Runs on
/// configs the gateway loader has already accepted; paths use the loader's form (devices[3].tags[0].alarms.limits.hh).
/// </summary>
public static class SafetyRules
{
    public static IReadOnlyList<ConfigProblem> Check(SiteConfig? active, SiteConfig proposed, IReadOnlyList<TankOverfill> tanks)
    {
        var problems = new List<ConfigProblem>();
        if (active is not null)
        {
            RemovedAlarms(active, proposed, problems);
        }

        LimitsOutsideRange(proposed, problems);
        HighHighAboveOverfill(proposed, tanks, problems);
        return problems;
    }

    private static void RemovedAlarms(SiteConfig active, SiteConfig proposed, List<ConfigProblem> problems)
    {
        for (int d = 0; d < active.Devices.Length; d++)
        {
            DeviceConfig before = active.Devices[d];
            int newDevice = proposed.Devices.IndexOf(proposed.FindDevice(before.Name)!);
            for (int t = 0; t < before.Tags.Length; t++)
            {
                TagConfig tag = before.Tags[t];
                if (tag.Alarms is null)
                {
                    continue;
                }

                TagConfig? after = newDevice < 0 ? null : proposed.Devices[newDevice].FindTag(tag.Name);
                string tagPath = newDevice < 0 ? $"devices[{d}]"
                    : after is null ? $"devices[{newDevice}].tags"
                    : $"devices[{newDevice}].tags[{proposed.Devices[newDevice].Tags.IndexOf(after)}].alarms";
                foreach (AlarmKind kind in tag.Alarms.Kinds)
                {
                    if (after?.Alarms?.Has(kind) == true)
                    {
                        continue;
                    }

                    string where = newDevice < 0 ? $"device '{before.Name}' is removed"
                        : after is null ? $"tag '{tag.Name}' is no longer published"
                        : after.Alarms is null ? "its 'alarms' are removed"
                        : kind == AlarmKind.SensorFault ? "fault_alarm is false" : "the key is removed";
                    problems.Add(new ConfigProblem(
                        SafetyRule.AlarmRemoved,
                        after?.Alarms is null ? tagPath : tagPath + "." + AlarmKey(kind),
                        $"{before.Name}/{tag.Name} loses its {AlarmName(kind)} alarm ({where})",
                        "keep the alarm, or submit the revision marked alarm_impacting so that two other users approve it"));
                }
            }
        }
    }

    private static void LimitsOutsideRange(SiteConfig proposed, List<ConfigProblem> problems)
    {
        ForEachLimit(proposed, (path, device, tag, kind, limit) =>
        {
            if (tag.Definition.Range is { } range && !range.Contains(limit.Value))
            {
                problems.Add(new ConfigProblem(
                    SafetyRule.LimitOutsideRange,
                    path,
                    $"{device.Name}/{tag.Name} {AlarmKey(kind)} {Number(limit.Value)} {tag.Unit} lies outside the {device.Profile.Id} range {Number(range.Min)} to {Number(range.Max)} {tag.Unit}",
                    $"set it between {Number(range.Min)} and {Number(range.Max)} {tag.Unit}"));
            }
        });
    }

    private static void HighHighAboveOverfill(SiteConfig proposed, IReadOnlyList<TankOverfill> tanks, List<ConfigProblem> problems)
    {
        foreach (TankOverfill tank in tanks)
        {
            DeviceConfig? device = proposed.FindDevice(tank.Device);
            TagConfig? tag = device?.FindTag(tank.Tag);
            if (device is null || tag?.Alarms?.HighHigh is not { } hh)
            {
                continue;
            }

            string path = $"devices[{proposed.Devices.IndexOf(device)}].tags[{device.Tags.IndexOf(tag)}].alarms.limits.hh";

            // A tag whose unit the instrument sets (VEGAPULS: m, mm, L ...) has its limits in whatever unit the
            // instrument is set to; the tank record states that unit, so the two compare as they are.
            string unit = tag.Unit.Length == 0 ? tank.Unit : tag.Unit;
            double? overfill = LengthUnits.Convert(tank.Level, tank.Unit, unit);
            if (overfill is null)
            {
                problems.Add(new ConfigProblem(
                    SafetyRule.HighHighAboveOverfill,
                    path,
                    $"{device.Name}/{tag.Name} reads '{tag.Unit}' but tank {tank.Tank}'s overfill level is in '{tank.Unit}': HH cannot be checked against it",
                    "give the tank's overfill level in the level tag's unit (or in m, cm or mm for a tag in one of them)"));
            }
            else if (hh.Value > overfill.Value)
            {
                problems.Add(new ConfigProblem(
                    SafetyRule.HighHighAboveOverfill,
                    path,
                    $"{device.Name}/{tag.Name} hh {Number(hh.Value)} {unit} is above tank {tank.Tank}'s overfill level {Number(overfill.Value)} {unit}",
                    $"set hh to {Number(overfill.Value)} {unit} or lower"));
            }
        }
    }

    private static void ForEachLimit(SiteConfig config, Action<string, DeviceConfig, TagConfig, AlarmKind, LimitSetting> visit)
    {
        for (int d = 0; d < config.Devices.Length; d++)
        {
            DeviceConfig device = config.Devices[d];
            for (int t = 0; t < device.Tags.Length; t++)
            {
                TagConfig tag = device.Tags[t];
                foreach (AlarmKind kind in (AlarmKind[])[AlarmKind.HighHigh, AlarmKind.High, AlarmKind.Low, AlarmKind.LowLow])
                {
                    if (tag.Alarms?.Limit(kind) is { } limit)
                    {
                        visit($"devices[{d}].tags[{t}].alarms.{AlarmKey(kind)}", device, tag, kind, limit);
                    }
                }
            }
        }
    }

    private static string AlarmKey(AlarmKind kind) => kind switch
    {
        AlarmKind.HighHigh => "limits.hh",
        AlarmKind.High => "limits.h",
        AlarmKind.Low => "limits.l",
        AlarmKind.LowLow => "limits.ll",
        AlarmKind.RateOfChange => "rate",
        _ => "fault_alarm",
    };

    private static string AlarmName(AlarmKind kind) => kind switch
    {
        AlarmKind.HighHigh => "high-high (hh)",
        AlarmKind.High => "high (h)",
        AlarmKind.Low => "low (l)",
        AlarmKind.LowLow => "low-low (ll)",
        AlarmKind.RateOfChange => "rate-of-change",
        _ => "sensor fault",
    };

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
