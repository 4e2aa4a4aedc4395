using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>
/// Which config tags measure which tank, from the registry: a tag of the device named "instrument/tag" as in its config
/// (e.g. "t101-level/pv") with the label tank=&lt;area name&gt; watches that tank of the device's site, whose overfill
/// level (and unit) the safety rule keeps HH below.
/// </summary>
public static class TankBindings
{
    public const string LabelKey = "tank";

    public static async Task<IReadOnlyList<TankOverfill>> LoadAsync(FleetDbContext db, Device device, CancellationToken cancellationToken)
    {
        var tags = await db.Tags.AsNoTracking().Where(t => t.DeviceId == device.Id).ToListAsync(cancellationToken);
        var tagIds = tags.Select(t => t.Id).ToList();
        var labels = await db.Labels.AsNoTracking()
            .Where(l => l.OwnerKind == LabelOwnerKind.Tag && l.Key == LabelKey && tagIds.Contains(l.OwnerId))
            .ToListAsync(cancellationToken);
        var tanks = await db.Areas.AsNoTracking()
            .Where(a => a.SiteId == device.SiteId && a.Kind == AreaKind.Tank && a.OverfillLevel != null)
            .ToListAsync(cancellationToken);
        var result = new List<TankOverfill>();
        foreach (var label in labels)
        {
            var tag = tags.First(t => t.Id == label.OwnerId);
            var parts = tag.Name.Split('/');
            if (parts.Length == 2 && tanks.FirstOrDefault(a => a.Name == label.Value) is { } tank)
            {
                result.Add(new TankOverfill(tank.Name, parts[0], parts[1], tank.OverfillLevel!.Value, tank.OverfillLevelUnit ?? string.Empty));
            }
        }

        return result;
    }
}
