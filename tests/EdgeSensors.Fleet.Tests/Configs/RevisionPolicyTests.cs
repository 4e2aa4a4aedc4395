using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Configs.Validation;

namespace EdgeSensors.Fleet.Tests.Configs;

/// <summary>Submissions through the whole policy: stale parent, the gateway loader, then the safety rules.</summary>
public sealed class RevisionPolicyTests
{
    private const string LevelLimits = "limits: { hh: 11.5, h: 11, l: 1.2, ll: 0.8 }";
    private static readonly RevisionPolicy Policy = new(FleetConfigFiles.Validator);
    private static readonly TankOverfill T101 = new("T-101", "t101-level", "pv", 11.8, "m");

    [Fact]
    public void A_first_revision_that_validates_is_active()
    {
        SubmissionOutcome outcome = Policy.Decide(Submit(FleetConfigFiles.TankFarm, parent: 0), latest: 0, activeBody: null, [T101]);

        Assert.Equal(SubmissionVerdict.Active, outcome.Verdict);
        Assert.Empty(outcome.Problems);
        Assert.Equal("tank-farm-sim", outcome.Config!.Gateway.Id);
    }

    [Fact]
    public void A_stale_parent_is_refused_before_anything_else()
    {
        SubmissionOutcome outcome = Policy.Decide(Submit("not: [valid", parent: 3), latest: 4, FleetConfigFiles.TankFarm, []);

        Assert.Equal(SubmissionVerdict.Stale, outcome.Verdict);
        Assert.Contains("revision 4", Assert.Single(outcome.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_body_returns_every_loader_error_with_its_path()
    {
        string body = FleetConfigFiles.TankFarmWith("    unit_id: 4\n", "    unit_id: 300\n").Replace("poll_interval_s: 2", "poll_intervall_s: 2", StringComparison.Ordinal);

        SubmissionOutcome outcome = Policy.Decide(Submit(body, parent: 1), latest: 1, FleetConfigFiles.TankFarm, []);

        Assert.Equal(SubmissionVerdict.Invalid, outcome.Verdict);
        Assert.Equal(["devices[3].unit_id", "devices[3].poll_intervall_s"], outcome.Problems.Select(p => p.Path));
        Assert.All(outcome.Problems, p => Assert.True(p.Line > 0));
    }

    [Fact]
    public void A_limit_outside_the_instruments_range_is_refused_by_the_gateway_loader_even_when_marked()
    {
        // KELLER Series 30 p1 reads 0-10 bar (hardware/profiles/keller-series30).
        string body = FleetConfigFiles.TankFarmWith("limits: { hh: 9, h: 8, l: 2, ll: 1 }", "limits: { hh: 12, h: 8, l: 2, ll: 1 }");

        SubmissionOutcome outcome = Policy.Decide(Submit(body, parent: 1, alarmImpacting: true), latest: 1, FleetConfigFiles.TankFarm, []);

        Assert.Equal(SubmissionVerdict.Invalid, outcome.Verdict);
        Assert.Contains(outcome.Problems, p => p.Path == "devices[4].tags[0].alarms.limits.hh");
    }

    [Fact]
    public void Removing_a_limit_is_unsafe_with_the_rule_and_path()
    {
        string body = FleetConfigFiles.TankFarmWith(LevelLimits, "limits: { h: 11, l: 1.2, ll: 0.8 }");

        SubmissionOutcome outcome = Policy.Decide(Submit(body, parent: 1), latest: 1, FleetConfigFiles.TankFarm, [T101]);

        Assert.Equal(SubmissionVerdict.Unsafe, outcome.Verdict);
        ConfigProblem problem = Assert.Single(outcome.Problems);
        Assert.Equal(SafetyRule.AlarmRemoved, problem.Rule);
        Assert.Equal("devices[3].tags[0].alarms.limits.hh", problem.Path);
        Assert.Contains("t101-level/pv loses its high-high (hh) alarm", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabling_the_fault_alarm_is_unsafe()
    {
        string body = FleetConfigFiles.TankFarmWith("          preset: toxic_gas\n          oel: 10\n", "          preset: toxic_gas\n          oel: 10\n          fault_alarm: false\n");

        SubmissionOutcome outcome = Policy.Decide(Submit(body, parent: 1), latest: 1, FleetConfigFiles.TankFarm, []);

        ConfigProblem problem = Assert.Single(outcome.Problems);
        Assert.Equal(SubmissionVerdict.Unsafe, outcome.Verdict);
        Assert.Equal("devices[1].tags[0].alarms.fault_alarm", problem.Path);
        Assert.Contains("fault_alarm is false", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_a_device_with_alarms_reports_each_alarm_it_had()
    {
        string body = FleetConfigFiles.TankFarmWith(
            "  # T-102: tank pressure in kPa (the transmitter reports its unit and decimals).\n  - name: t102-pressure\n    bus: sim\n    profile: generic-rs485-transmitter\n    unit_id: 6\n    tags:\n      - name: value\n        deadband: { absolute: 0.5 }\n        alarms:\n          limits: { hh: 80, h: 50 }\n          hysteresis: 2\n",
            string.Empty);

        SubmissionOutcome outcome = Policy.Decide(Submit(body, parent: 1), latest: 1, FleetConfigFiles.TankFarm, []);

        Assert.Equal(SubmissionVerdict.Unsafe, outcome.Verdict);
        Assert.Equal(3, outcome.Problems.Count);
        Assert.All(outcome.Problems, p => Assert.Equal("devices[5]", p.Path));
        Assert.All(outcome.Problems, p => Assert.Contains("device 't102-pressure' is removed", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Hh_above_the_tanks_overfill_level_is_unsafe()
    {
        // The VEGAPULS reports its own unit, so hh is in the unit the tank record gives (m here).
        SubmissionOutcome outcome = Policy.Decide(Submit(FleetConfigFiles.TankFarm, parent: 0), latest: 0, null, [T101 with { Level = 11.4 }]);

        Assert.Equal(SubmissionVerdict.Unsafe, outcome.Verdict);
        ConfigProblem problem = Assert.Single(outcome.Problems);
        Assert.Equal(SafetyRule.HighHighAboveOverfill, problem.Rule);
        Assert.Equal("devices[3].tags[0].alarms.limits.hh", problem.Path);
        Assert.Contains("hh 11.5 m is above tank T-101's overfill level 11.4 m", problem.Message, StringComparison.Ordinal);
        Assert.Equal("set hh to 11.4 m or lower", problem.Fix);

        Assert.Equal(SubmissionVerdict.Active, Policy.Decide(Submit(FleetConfigFiles.TankFarm, parent: 0), latest: 0, null, [T101 with { Level = 11.5 }]).Verdict);
    }

    [Fact]
    public void An_overfill_level_in_a_unit_the_tag_cannot_be_compared_with_is_refused()
    {
        // A hydrostatic level in bar against a tank record in m.
        SubmissionOutcome outcome = Policy.Decide(Submit(FleetConfigFiles.TankFarm, parent: 0), latest: 0, null, [new TankOverfill("T-9", "p201-pressure", "p1", 5, "m")]);

        Assert.Equal(SubmissionVerdict.Unsafe, outcome.Verdict);
        ConfigProblem problem = Assert.Single(outcome.Problems);
        Assert.Equal("devices[4].tags[0].alarms.limits.hh", problem.Path);
        Assert.Contains("reads 'bar' but tank T-9's overfill level is in 'm'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11_400, "mm", "m", 11.4)]
    [InlineData(11.4, "m", "cm", 1140)]
    [InlineData(95, "%", "%", 95)]
    public void Length_units_convert_and_equal_units_pass_through(double value, string from, string to, double expected) =>
        Assert.Equal(expected, LengthUnits.Convert(value, from, to)!.Value, 9);

    [Fact]
    public void Units_that_are_not_lengths_do_not_convert() => Assert.Null(LengthUnits.Convert(1, "bar", "m"));

    [Fact]
    public void An_unsafe_change_marked_alarm_impacting_is_accepted_pending_approval_with_its_violations()
    {
        string body = FleetConfigFiles.TankFarmWith(LevelLimits, "limits: { hh: 11.9, h: 11, l: 1.2, ll: 0.8 }");

        SubmissionOutcome outcome = Policy.Decide(Submit(body, parent: 2, alarmImpacting: true), latest: 2, FleetConfigFiles.TankFarm, [T101]);

        Assert.Equal(SubmissionVerdict.PendingApproval, outcome.Verdict);
        Assert.True(outcome.Accepted);
        Assert.Equal(SafetyRule.HighHighAboveOverfill, Assert.Single(outcome.Problems).Rule);
    }

    [Fact]
    public void A_safe_change_is_active_and_one_marked_alarm_impacting_still_waits_for_approval()
    {
        string body = FleetConfigFiles.TankFarmWith(LevelLimits, "limits: { hh: 11.4, h: 11, l: 1.2, ll: 0.8 }");

        Assert.Equal(SubmissionVerdict.Active, Policy.Decide(Submit(body, parent: 1), latest: 1, FleetConfigFiles.TankFarm, [T101]).Verdict);
        Assert.Equal(SubmissionVerdict.PendingApproval, Policy.Decide(Submit(body, parent: 1, alarmImpacting: true), latest: 1, FleetConfigFiles.TankFarm, [T101]).Verdict);
    }

    [Fact]
    public void The_safety_rule_on_instrument_range_catches_a_limit_the_loader_did_not_see()
    {
        // The loader refuses such a limit first (above); this proves the rule itself, on a config changed in memory.
        var config = FleetConfigFiles.Validator.Validate(FleetConfigFiles.TankFarm, out _)!;
        var pressure = config.Devices[4];
        var p1 = pressure.Tags[0];
        var changed = config with
        {
            Devices = config.Devices.SetItem(4, pressure with { Tags = pressure.Tags.SetItem(0, p1 with { Alarms = p1.Alarms! with { HighHigh = p1.Alarms.HighHigh! with { Value = 10.5 } } }) }),
        };

        ConfigProblem problem = Assert.Single(SafetyRules.Check(config, changed, []));

        Assert.Equal(SafetyRule.LimitOutsideRange, problem.Rule);
        Assert.Equal("devices[4].tags[0].alarms.limits.hh", problem.Path);
        Assert.Contains("range 0 to 10 bar", problem.Message, StringComparison.Ordinal);
    }

    private static Submission Submit(string body, int parent, bool alarmImpacting = false) =>
        new("alice", "test change", body, parent, alarmImpacting);
}
