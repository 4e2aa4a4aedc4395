using System.Collections.Immutable;
using System.Globalization;

namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>
/// The rollout engine as a deterministic step function over (state, device observations, now): no clock, no I/O, no
/// randomness, so every decision is unit-testable. A hosted service calls <see cref="Step"/> on a timer and carries
/// out the actions; users call <see cref="Pause"/>, <see cref="Resume"/> and <see cref="Rollback"/>.
/// Devices are taken in ordinal order of their id; a wave's size is its cumulative percentage of the devices matching
/// now, so devices enrolled after the start join the wave that is running (or a later one).
/// </summary>
public static class RolloutEngine
{
    public static RolloutStep Step(RolloutState state, IReadOnlyList<DeviceObservation> devices, DateTimeOffset now)
    {
        if (state.Status != RolloutStatus.Running)
        {
            return new RolloutStep(state, [], []);
        }

        var events = new List<RolloutEvent>();
        var byId = devices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        state = MarkApplied(state, byId, now, events);
        if (FirstFailure(state, byId, now) is { } failure)
        {
            events.Add(new RolloutEvent("halted", failure.DeviceId, failure.Reason));
            return new RolloutStep(state with { Status = RolloutStatus.Halted, HaltReason = failure.Reason }, [], events);
        }

        while (true)
        {
            state = Assign(state, devices, now, events);
            if (!WaveDone(state, now))
            {
                break;
            }

            if (state.Wave == state.Plan.LastWave)
            {
                int skipped = state.Assignments.Count(a => a.Skipped);
                events.Add(new RolloutEvent("completed", null, skipped == 0
                    ? $"all {state.Assignments.Length} device(s) applied the config"
                    : $"{state.Assignments.Length - skipped} device(s) applied the config, {skipped} skipped (their config was refused; they keep their old one)"));
                return new RolloutStep(state with { Status = RolloutStatus.Completed }, [], events);
            }

            state = state with { Wave = state.Wave + 1, WaveStartedAt = now };
            events.Add(new RolloutEvent("wave_started", null, $"wave {state.Wave}: up to {state.Plan.Percent(state.Wave)} % of the matching devices"));
        }

        var actions = new List<RolloutAction>();
        foreach (DeviceAssignment assignment in state.Assignments)
        {
            if (!assignment.Skipped && byId.TryGetValue(assignment.DeviceId, out DeviceObservation? device) && device.Matches && !device.Sent)
            {
                actions.Add(new SendTarget(assignment.DeviceId));
            }
        }

        return new RolloutStep(state, actions, events);
    }

    public static RolloutStep Pause(RolloutState state, string user) => state.Status == RolloutStatus.Running
        ? new RolloutStep(state with { Status = RolloutStatus.Paused }, [], [new RolloutEvent("paused", null, $"paused by {user}")])
        : throw new RolloutCommandException($"rollout {state.Id} is {Word(state.Status)}; only a running rollout can be paused");

    public static RolloutStep Resume(RolloutState state, string user) => state.Status is RolloutStatus.Paused or RolloutStatus.Halted
        ? new RolloutStep(state with { Status = RolloutStatus.Running, HaltReason = null }, [], [new RolloutEvent("resumed", null, $"resumed by {user}" + (state.HaltReason is null ? string.Empty : $" after halt: {state.HaltReason}"))])
        : throw new RolloutCommandException($"rollout {state.Id} is {Word(state.Status)}; only a paused or halted rollout can be resumed");

    /// <summary>
    /// Leaves a device out of the rollout: its config was refused (invalid or unsafe for that device) in a wave after the
    /// canary. It is not sent anything, keeps its old config and no longer holds the wave back.
    /// </summary>
    public static RolloutStep Skip(RolloutState state, string deviceId, string reason)
    {
        var assignments = state.Assignments.Select(a => a.DeviceId == deviceId && !a.Skipped ? a with { SkippedReason = reason } : a).ToImmutableArray();
        return new RolloutStep(state with { Assignments = assignments }, [], [new RolloutEvent("skipped", deviceId, reason)]);
    }

    /// <summary>Every device that was sent the rollout's config gets its previous config again; a device that had none keeps it (reported as an event).</summary>
    public static RolloutStep Rollback(RolloutState state, IReadOnlyList<DeviceObservation> devices, string user)
    {
        if (state.Status == RolloutStatus.RolledBack)
        {
            throw new RolloutCommandException($"rollout {state.Id} is already rolled back");
        }

        var byId = devices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        var actions = new List<RolloutAction>();
        var events = new List<RolloutEvent> { new("rollback", null, $"rolled back by {user}") };
        foreach (DeviceAssignment assignment in state.Assignments)
        {
            if (!byId.TryGetValue(assignment.DeviceId, out DeviceObservation? device) || !device.Sent)
            {
                continue;
            }

            if (assignment.Previous is null)
            {
                events.Add(new RolloutEvent("rollback_skipped", assignment.DeviceId, "the device had no config from the server before this rollout; it keeps the new one"));
                continue;
            }

            actions.Add(new RestorePrevious(assignment.DeviceId, assignment.Previous));
        }

        return new RolloutStep(state with { Status = RolloutStatus.RolledBack }, actions, events);
    }

    private static RolloutState MarkApplied(RolloutState state, Dictionary<string, DeviceObservation> byId, DateTimeOffset now, List<RolloutEvent> events)
    {
        DeviceAssignment[] updated = [.. state.Assignments];
        for (int i = 0; i < updated.Length; i++)
        {
            if (updated[i].AppliedAt is null && !updated[i].Skipped && byId.TryGetValue(updated[i].DeviceId, out DeviceObservation? device) && device.Sent && device.Applied)
            {
                updated[i] = updated[i] with { AppliedAt = now };
                events.Add(new RolloutEvent("applied", device.DeviceId, $"applied revision {device.Reported!.Revision}"));
            }
        }

        return state with { Assignments = [.. updated] };
    }

    private static (string DeviceId, string Reason)? FirstFailure(RolloutState state, Dictionary<string, DeviceObservation> byId, DateTimeOffset now)
    {
        foreach (DeviceAssignment assignment in state.Assignments)
        {
            if (assignment.Skipped || !byId.TryGetValue(assignment.DeviceId, out DeviceObservation? device))
            {
                continue;
            }

            if (device.Rejected)
            {
                return (device.DeviceId, $"device {device.DeviceId} rejected revision {device.Reported!.Revision}: {device.Reported.Reason ?? "no reason given"}");
            }

            if (assignment.AppliedAt is not { } applied)
            {
                continue;
            }

            TimeSpan staleAfter = device.DeclaredInterval * state.Plan.StaleFactor;
            DateTimeOffset telemetry = Later(device.LastTelemetryAt, applied);
            if (now - telemetry > staleAfter)
            {
                return (device.DeviceId, $"device {device.DeviceId} is stale: no telemetry for {Seconds(now - telemetry)} s since {(telemetry == applied ? "it applied the config" : "its last message")}, more than {state.Plan.StaleFactor} x its {Seconds(device.DeclaredInterval)} s interval");
            }

            DateTimeOffset heartbeat = Later(device.AlarmHeartbeatAt, applied);
            if (now - heartbeat > state.Plan.HeartbeatTimeout)
            {
                return (device.DeviceId, $"device {device.DeviceId} lost its alarm-evaluator heartbeat: no advance for {Seconds(now - heartbeat)} s, more than {Seconds(state.Plan.HeartbeatTimeout)} s");
            }
        }

        return null;
    }

    private static RolloutState Assign(RolloutState state, IReadOnlyList<DeviceObservation> devices, DateTimeOffset now, List<RolloutEvent> events)
    {
        var assigned = state.Assignments.Select(a => a.DeviceId).ToHashSet(StringComparer.Ordinal);
        int matching = devices.Count(d => d.Matches || assigned.Contains(d.DeviceId));
        int wanted = (int)Math.Ceiling(matching * state.Plan.Percent(state.Wave) / 100.0);
        if (state.Wave == 0 && matching > 0)
        {
            wanted = Math.Max(1, wanted);
        }

        var added = new List<DeviceAssignment>();
        foreach (DeviceObservation device in devices.Where(d => d.Matches && !assigned.Contains(d.DeviceId)).OrderBy(d => d.DeviceId, StringComparer.Ordinal))
        {
            if (state.Assignments.Length + added.Count >= wanted)
            {
                break;
            }

            added.Add(new DeviceAssignment(device.DeviceId, state.Wave, now, device.Desired));
            events.Add(new RolloutEvent("assigned", device.DeviceId, state.Wave == 0 ? "canary" : $"wave {state.Wave}"));
        }

        return added.Count == 0 ? state : state with { Assignments = [.. state.Assignments, .. added] };
    }

    private static bool WaveDone(RolloutState state, DateTimeOffset now)
    {
        DateTimeOffset settled = state.WaveStartedAt;
        foreach (DeviceAssignment assignment in state.Assignments.Where(a => !a.Skipped))
        {
            if (assignment.AppliedAt is not { } applied)
            {
                return false;
            }

            settled = applied > settled ? applied : settled;
        }

        return now - settled >= state.Plan.Soak;
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Word(RolloutStatus status) => status.ToString().ToLowerInvariant();
}
