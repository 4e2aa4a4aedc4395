using EdgeSensors.Fleet.Configs.Diff;

namespace EdgeSensors.Fleet.Tests.Configs;

public sealed class ConfigDiffTests
{
    [Fact]
    public void Identical_bodies_have_no_changes() =>
        Assert.Empty(ConfigDiff.Compare(FleetConfigFiles.TankFarm, FleetConfigFiles.TankFarm));

    [Fact]
    public void A_changed_limit_is_named_by_device_and_tag_with_before_and_after()
    {
        string after = FleetConfigFiles.TankFarmWith("limits: { hh: 11.5, h: 11,", "limits: { hh: 11.2, h: 11,");

        FieldChange change = Assert.Single(ConfigDiff.Compare(FleetConfigFiles.TankFarm, after));

        Assert.Equal("devices[t101-level].tags[pv].alarms.limits.hh", change.Path);
        Assert.Equal("11.5", change.Before);
        Assert.Equal("11.2", change.After);
        Assert.Equal("changed", change.Kind);
    }

    [Fact]
    public void Added_and_removed_keys_have_no_before_or_no_after()
    {
        string before = "gateway: { id: g, site: s }\nstorage: { max_age_days: 30 }\n";
        string after = "gateway: { id: g, site: s }\nupstream: { broker: 'mqtt://h' }\n";

        IReadOnlyList<FieldChange> changes = ConfigDiff.Compare(before, after);

        Assert.Equal(2, changes.Count);
        Assert.Equal(new FieldChange("storage", "{max_age_days: 30}", null), changes[0]);
        Assert.Equal("removed", changes[0].Kind);
        Assert.Equal(new FieldChange("upstream", null, "{broker: mqtt://h}"), changes[1]);
        Assert.Equal("added", changes[1].Kind);
    }

    [Fact]
    public void Reordering_named_items_is_not_a_change_but_numbers_compare_by_value()
    {
        string before = "devices:\n  - { name: a, unit_id: 1, poll_interval_s: 1 }\n  - { name: b, unit_id: 2 }\n";
        string after = "devices:\n  - { name: b, unit_id: 2 }\n  - { name: a, unit_id: 1, poll_interval_s: 1.0 }\n";

        Assert.Empty(ConfigDiff.Compare(before, after));
    }

    [Fact]
    public void Unnamed_lists_compare_by_position()
    {
        string after = FleetConfigFiles.TankFarmWith("      - t102-lel.concentration.h\n", "      - t102-lel.concentration.hh\n");

        FieldChange change = Assert.Single(ConfigDiff.Compare(FleetConfigFiles.TankFarm, after));

        Assert.Equal("outputs[gas-beacon].alarms[2]", change.Path);
        Assert.Equal("t102-lel.concentration.h", change.Before);
        Assert.Equal("t102-lel.concentration.hh", change.After);
    }

    [Fact]
    public void A_new_device_is_one_added_field_holding_the_whole_item()
    {
        string after = FleetConfigFiles.TankFarmWith("outputs:\n", "  - { name: extra, bus: sim, profile: keller-series30, unit_id: 9 }\n\noutputs:\n");

        FieldChange change = Assert.Single(ConfigDiff.Compare(FleetConfigFiles.TankFarm, after));

        Assert.Equal("devices[extra]", change.Path);
        Assert.Null(change.Before);
        Assert.Equal("{name: extra, bus: sim, profile: keller-series30, unit_id: 9}", change.After);
    }
}
