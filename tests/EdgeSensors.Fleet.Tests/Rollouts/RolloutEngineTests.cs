using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Rollouts.Engine;

namespace EdgeSensors.Fleet.Tests.Rollouts;

public sealed class RolloutEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly RolloutPlan Plan = new()
    {
        CanaryPercent = 10,
        Waves = [50, 100],
        Soak = TimeSpan.FromMinutes(5),
        StaleFactor = 3,
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void A_revision_not_newer_report_of_the_same_body_counts_as_applied_and_another_body_as_rejected()
    {
        DeviceObservation Report(string sha, string reason) => new()
        {
            DeviceId = "gw-00",
            Matches = true,
            TargetSha = "target",
            Desired = new DesiredConfig(3, "target"),
            Reported = new ConfigReport(3, sha, ConfigReport.Rejected, reason),
        };

        DeviceObservation resent = Report("target", "revision not newer: revision 3 is not newer than the running revision 3");
        DeviceObservation replay = Report("other", "revision not newer: revision 3 is not newer than the running revision 3");
        DeviceObservation refused = Report("target", "bad signature: the HMAC-SHA256 does not match this device's config key");

        Assert.True(resent.Applied);
        Assert.False(resent.Rejected);
        Assert.False(replay.Applied);
        Assert.True(replay.Rejected);
        Assert.False(refused.Applied);
        Assert.True(refused.Rejected);
    }

    [Fact]
    public void The_first_step_takes_the_canary_percentage_in_id_order_and_sends_to_it()
    {
        var fleet = new SimulatedFleet(10, T0);

        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", Plan, T0), fleet.Observations, T0);

        Assert.Equal(RolloutStatus.Running, step.State.Status);
        Assert.Equal(0, step.State.Wave);
        DeviceAssignment canary = Assert.Single(step.State.Assignments);
        Assert.Equal("gw-00", canary.DeviceId);
        Assert.Equal(new DesiredConfig(1, SimulatedFleet.Old), canary.Previous);
        Assert.Equal([new SendTarget("gw-00")], step.Actions);
        Assert.Contains(step.Events, e => e.Kind == "assigned" && e.DeviceId == "gw-00" && e.Message == "canary");
    }

    [Fact]
    public void A_skipped_device_is_not_sent_does_not_hold_its_wave_back_and_is_counted_at_completion()
    {
        var plan = Plan with { CanaryPercent = 50, Waves = [100], Soak = TimeSpan.Zero };
        var fleet = new SimulatedFleet(2, T0);
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", plan, T0), fleet.Observations, T0);
        fleet.Carry(step);
        fleet.AllApplySent(T0.AddSeconds(5));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(5));
        Assert.Equal([new SendTarget("gw-01")], step.Actions);

        // The host refused gw-01's config (its overrides break a safety rule): it is skipped instead of sent.
        RolloutStep skipped = RolloutEngine.Skip(step.State, "gw-01", "unsafe: alarm_removed");
        Assert.Equal("unsafe: alarm_removed", skipped.State.Assignments.Single(a => a.DeviceId == "gw-01").SkippedReason);
        Assert.Contains(skipped.Events, e => e.Kind == "skipped" && e.DeviceId == "gw-01");

        step = RolloutEngine.Step(skipped.State, fleet.Observations, T0.AddSeconds(6));

        Assert.Equal(RolloutStatus.Completed, step.State.Status);
        Assert.Empty(step.Actions);
        Assert.Null(step.State.Assignments.Single(a => a.DeviceId == "gw-01").AppliedAt);
        Assert.Contains(step.Events, e => e.Kind == "completed" && e.Message.Contains("1 device(s) applied the config, 1 skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sent_device_is_not_sent_again_and_the_next_wave_waits_for_apply_and_soak()
    {
        var fleet = new SimulatedFleet(10, T0);
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", Plan, T0), fleet.Observations, T0);
        fleet.Carry(step);

        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(5));
        Assert.Empty(step.Actions);

        fleet.AllApplySent(T0.AddSeconds(10));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(10));
        Assert.Equal(T0.AddSeconds(10), step.State.Assignments[0].AppliedAt);
        Assert.Equal(0, step.State.Wave);

        fleet.Healthy(T0.AddMinutes(5));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddMinutes(5).AddSeconds(10));
        Assert.Equal(1, step.State.Wave);
        Assert.Equal(["gw-01", "gw-02", "gw-03", "gw-04"], step.Actions.Select(a => a.DeviceId));
        Assert.All(step.Actions, a => Assert.IsType<SendTarget>(a));
    }

    [Fact]
    public void The_rollout_completes_after_the_last_wave_has_applied_and_soaked()
    {
        var fleet = new SimulatedFleet(4, T0);
        RolloutState state = RolloutState.Start("r1", Plan, T0);
        DateTimeOffset now = T0;
        for (int round = 0; round < 10 && state.Status == RolloutStatus.Running; round++)
        {
            fleet.Healthy(now);
            RolloutStep step = RolloutEngine.Step(state, fleet.Observations, now);
            fleet.Carry(step);
            fleet.AllApplySent(now);
            state = step.State;
            now = now.AddMinutes(6);
        }

        Assert.Equal(RolloutStatus.Completed, state.Status);
        Assert.Equal(4, state.Assignments.Length);
        Assert.Equal([0, 1, 2, 2], state.Assignments.Select(a => a.Wave));
        Assert.All(fleet.Observations, d => Assert.Equal(SimulatedFleet.Target, d.Reported!.Sha256));
    }

    [Fact]
    public void A_canary_that_rejects_the_config_halts_the_rollout_with_its_reason()
    {
        var fleet = new SimulatedFleet(10, T0);
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", Plan, T0), fleet.Observations, T0);
        fleet.Carry(step);
        fleet.Update("gw-00", d => d with { Reported = new ConfigReport(d.Desired!.Revision, SimulatedFleet.Target, ConfigReport.Rejected, "devices[0].unit_id: 300 is out of range") });

        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(10));

        Assert.Equal(RolloutStatus.Halted, step.State.Status);
        Assert.Equal("device gw-00 rejected revision 2: devices[0].unit_id: 300 is out of range", step.State.HaltReason);
        Assert.Empty(step.Actions);
        Assert.Contains(step.Events, e => e.Kind == "halted" && e.DeviceId == "gw-00");

        RolloutStep later = RolloutEngine.Step(step.State, fleet.Observations, T0.AddHours(1));
        Assert.Same(step.State, later.State);
        Assert.Empty(later.Actions);
    }

    [Fact]
    public void A_rejection_of_an_older_revision_does_not_halt()
    {
        var fleet = new SimulatedFleet(10, T0);
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", Plan, T0), fleet.Observations, T0);
        fleet.Carry(step);
        fleet.Update("gw-00", d => d with { Reported = new ConfigReport(1, SimulatedFleet.Old, ConfigReport.Rejected, "an old story") });

        Assert.Equal(RolloutStatus.Running, RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(10)).State.Status);
    }

    [Fact]
    public void A_canary_that_goes_stale_after_applying_halts_the_rollout()
    {
        var fleet = new SimulatedFleet(10, T0);
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", Plan, T0), fleet.Observations, T0);
        fleet.Carry(step);
        fleet.AllApplySent(T0.AddSeconds(1));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(1));
        fleet.Update("gw-00", d => d with { AlarmHeartbeatAt = T0.AddSeconds(25) });

        // 3 x 10 s after the last telemetry (at 1 s) is still fine at 31 s, stale at 31.5 s.
        Assert.Equal(RolloutStatus.Running, RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(31)).State.Status);
        RolloutStep stale = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(31.5));

        Assert.Equal(RolloutStatus.Halted, stale.State.Status);
        Assert.StartsWith("device gw-00 is stale: no telemetry for 30.5 s", stale.State.HaltReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_canary_whose_alarm_heartbeat_stops_halts_the_rollout()
    {
        var fleet = new SimulatedFleet(10, T0);
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", Plan, T0), fleet.Observations, T0);
        fleet.Carry(step);
        fleet.AllApplySent(T0.AddSeconds(1));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(1));
        fleet.Update("gw-00", d => d with { LastTelemetryAt = T0.AddSeconds(40) });

        RolloutStep lost = RolloutEngine.Step(step.State, fleet.Observations, T0.AddSeconds(41));

        Assert.Equal(RolloutStatus.Halted, lost.State.Status);
        Assert.Equal("device gw-00 lost its alarm-evaluator heartbeat: no advance for 40 s, more than 30 s", lost.State.HaltReason);
    }

    [Fact]
    public void A_device_enrolled_after_the_start_that_matches_is_included()
    {
        var fleet = new SimulatedFleet(2, T0);
        var plan = Plan with { CanaryPercent = 50, Waves = [100] };
        RolloutState state = RolloutState.Start("r1", plan, T0);
        RolloutStep step = RolloutEngine.Step(state, fleet.Observations, T0);
        Assert.Equal(["gw-00"], step.Actions.Select(a => a.DeviceId));
        fleet.Carry(step);
        fleet.AllApplySent(T0);
        step = RolloutEngine.Step(step.State, fleet.Observations, T0);
        fleet.Healthy(T0.AddMinutes(6));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddMinutes(6));
        Assert.Equal(1, step.State.Wave);
        fleet.Carry(step);

        fleet.Enrol("gw-07", T0.AddMinutes(7));
        fleet.Enrol("other-site", T0.AddMinutes(7));
        fleet.Update("other-site", d => d with { Matches = false });
        fleet.Healthy(T0.AddMinutes(7));
        step = RolloutEngine.Step(step.State, fleet.Observations, T0.AddMinutes(7));

        Assert.Equal([new SendTarget("gw-07")], step.Actions);
        Assert.DoesNotContain(step.State.Assignments, a => a.DeviceId == "other-site");
        Assert.Equal(3, step.State.Assignments.Length);
    }

    [Fact]
    public void Pause_stops_sending_and_resume_continues()
    {
        var fleet = new SimulatedFleet(10, T0);
        RolloutState paused = RolloutEngine.Pause(RolloutState.Start("r1", Plan, T0), "alice").State;

        RolloutStep step = RolloutEngine.Step(paused, fleet.Observations, T0);
        Assert.Empty(step.Actions);
        Assert.Empty(step.State.Assignments);
        Assert.Throws<RolloutCommandException>(() => RolloutEngine.Pause(paused, "alice"));

        RolloutStep resumed = RolloutEngine.Resume(paused, "bob");
        Assert.Equal("resumed by bob", Assert.Single(resumed.Events).Message);
        Assert.Equal([new SendTarget("gw-00")], RolloutEngine.Step(resumed.State, fleet.Observations, T0).Actions);
    }

    [Fact]
    public void Rollback_restores_the_previous_config_of_every_device_that_was_sent_the_new_one()
    {
        var fleet = new SimulatedFleet(4, T0);
        fleet.Update("gw-00", d => d with { Desired = null, Reported = null });
        var plan = Plan with { CanaryPercent = 50, Waves = [100] };
        RolloutStep step = RolloutEngine.Step(RolloutState.Start("r1", plan, T0), fleet.Observations, T0);
        fleet.Carry(step);

        RolloutStep rollback = RolloutEngine.Rollback(step.State, fleet.Observations, "carol");

        Assert.Equal(RolloutStatus.RolledBack, rollback.State.Status);
        Assert.Equal([new RestorePrevious("gw-01", new DesiredConfig(1, SimulatedFleet.Old))], rollback.Actions);
        Assert.Contains(rollback.Events, e => e.Kind == "rollback_skipped" && e.DeviceId == "gw-00");
        fleet.Carry(rollback);
        Assert.Equal(new DesiredConfig(3, SimulatedFleet.Old), fleet["gw-01"].Desired);
        Assert.Throws<RolloutCommandException>(() => RolloutEngine.Rollback(rollback.State, fleet.Observations, "carol"));
    }

    [Fact]
    public void The_step_is_deterministic()
    {
        var fleet = new SimulatedFleet(20, T0);
        RolloutState state = RolloutState.Start("r1", Plan with { CanaryPercent = 15 }, T0);

        RolloutStep a = RolloutEngine.Step(state, fleet.Observations, T0);
        RolloutStep b = RolloutEngine.Step(state, [.. fleet.Observations.Reverse()], T0);

        Assert.Equal(a.Actions, b.Actions);
        Assert.Equal(a.State.Assignments.ToArray(), b.State.Assignments.ToArray());
        Assert.Equal(["gw-00", "gw-01", "gw-02"], a.Actions.Select(x => x.DeviceId));
    }

    [Theory]
    [InlineData(0, new[] { 100 }, "canary_percent 0")]
    [InlineData(10, new[] { 50 }, "waves must end with 100")]
    [InlineData(60, new[] { 50, 100 }, "waves[0] 50 % must be above 60 %")]
    public void A_bad_plan_names_the_field(int canary, int[] waves, string expected)
    {
        var plan = Plan with { CanaryPercent = canary, Waves = waves };

        Assert.Contains(plan.Problems(), p => p.StartsWith(expected, StringComparison.Ordinal));
        Assert.Empty(Plan.Problems());
    }
}
