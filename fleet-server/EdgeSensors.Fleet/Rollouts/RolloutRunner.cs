using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Configs.Api;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Registry;
using EdgeSensors.Fleet.Rollouts.Engine;
using EdgeSensors.Fleet.Rollouts.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Rollouts;

/// <summary>
/// Carries out the rollout engine against the database and the broker: loads a rollout and what is known of its
/// devices, runs <see cref="RolloutEngine"/>, stores the new state, turns SendTarget/RestorePrevious into config
/// revisions and desired configs, audits the step, and publishes the sealed configs after the commit. Used by the hosted
/// engine (steps) and by the API (pause, resume, rollback). A concurrent change of the same rollout (another instance,
/// a user) loses on the row's UpdatedAt concurrency token and is not applied.
/// </summary>
public sealed class RolloutRunner(FleetDbContext db, AuditLog audit, ConfigSchemas schemas, ConfigDelivery delivery, RolloutBodies bodies,
    TimeProvider time, IOptions<RolloutOptions> options, ILogger<RolloutRunner> log)
{
    /// <summary>One step of a running rollout; false when it is not running (nothing done).</summary>
    public async Task<bool> StepAsync(Guid rolloutId, CancellationToken ct)
    {
        RolloutRow? row = await db.Set<RolloutRow>().FirstOrDefaultAsync(r => r.Id == rolloutId, ct);
        if (row is null || row.Status != RolloutStatus.Running)
        {
            return false;
        }

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        List<RolloutDeviceRow> assigned = await db.Set<RolloutDeviceRow>().Where(d => d.RolloutId == row.Id).ToListAsync(ct);
        Fleet fleet = await ObserveAsync(row, assigned, ct);
        TimeSpan observed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        DateTime now = time.UtcNow();
        RolloutStep step = RolloutEngine.Step(StateOf(row, assigned), fleet.Observations, new DateTimeOffset(now));
        var events = step.Events.ToList();
        RolloutState state = step.State;
        var publishes = new List<Publish>();
        if (step.Actions.OfType<SendTarget>().Select(a => a.DeviceId).ToList() is { Count: > 0 } targets)
        {
            var waves = state.Assignments.ToDictionary(a => a.DeviceId, a => a.Wave, StringComparer.Ordinal);
            List<Refusal> refusals = await PrepareSendsAsync(row, fleet, targets, waves, now, publishes, ct);
            if (refusals.FirstOrDefault(r => r.Wave == 0) is { } canary)
            {
                // A canary's config is refused: halt, send nothing of this step; the device is retried on resume.
                string reason = canary.Reason + ". fix: correct it (the device's overrides, or its config so it accepts the change), then resume; or roll back";
                state = state with { Status = RolloutStatus.Halted, HaltReason = reason };
                events.Add(new RolloutEvent("halted", canary.Device, reason));
                foreach (Refusal refusal in refusals)
                {
                    fleet.Devices[refusal.Device].HeldReason = refusal.Reason;
                }

                publishes.Clear();
            }
            else
            {
                // After the canary, a device whose config is refused is left out with the reason; the others go on.
                foreach (Refusal refusal in refusals)
                {
                    RolloutStep skipped = RolloutEngine.Skip(state, refusal.Device, refusal.Reason + "; skipped: it keeps its old config. fix: correct it, then roll it out again");
                    state = skipped.State;
                    events.AddRange(skipped.Events);
                }
            }
        }

        int republished = state.Status == RolloutStatus.Running ? await RepublishAsync(fleet, state, now, publishes, ct) : 0;
        Persist(row, assigned, fleet, state, now);
        if (events.Count > 0)
        {
            audit.Record("rollout.step", "rollout", row.Id, null, new { Status = Word(state.Status), state.Wave, Sent = publishes.Count - republished, Republished = republished, Events = events }, row.TenantId);
        }

        await audit.SaveChangesAsync(ct);
        TimeSpan saved = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await PublishAllAsync(publishes, ct);
        if (state.IsTerminal)
        {
            bodies.Forget(row.Id);
        }

        log.LogDebug("rollout {Rollout} step: {Devices} device(s) observed in {Observed:0} ms, saved at {Saved:0} ms, {Published} published by {Total:0} ms, {Events} event(s)",
            row.Id, fleet.Observations.Count, observed.TotalMilliseconds, saved.TotalMilliseconds, publishes.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, events.Count);
        return true;
    }

    /// <summary>Pause, resume or rollback by a user; throws <see cref="RolloutCommandException"/> when the state does not allow it.</summary>
    public async Task<RolloutRow?> CommandAsync(Guid rolloutId, string command, string user, CancellationToken ct)
    {
        RolloutRow? row = await db.Set<RolloutRow>().FirstOrDefaultAsync(r => r.Id == rolloutId, ct);
        if (row is null)
        {
            return null;
        }

        List<RolloutDeviceRow> assigned = await db.Set<RolloutDeviceRow>().Where(d => d.RolloutId == row.Id).ToListAsync(ct);
        RolloutState state = StateOf(row, assigned);
        DateTime now = time.UtcNow();
        var publishes = new List<Publish>();
        Fleet? fleet = null;
        RolloutStep step;
        switch (command)
        {
            case "pause":
                step = RolloutEngine.Pause(state, user);
                break;
            case "resume":
                step = RolloutEngine.Resume(state, user);
                break;
            default:
                fleet = await ObserveAsync(row, assigned, ct);
                step = RolloutEngine.Rollback(state, fleet.Observations, user);
                await PrepareRestoresAsync(row, fleet, [.. step.Actions.OfType<RestorePrevious>()], assigned, now, publishes, ct);
                break;
        }

        Persist(row, assigned, fleet, step.State, now);
        audit.Record("rollout." + command, "rollout", row.Id, new { Status = Word(state.Status) },
            new { Status = Word(step.State.Status), Restored = publishes.Count, Events = step.Events }, row.TenantId);
        await audit.SaveChangesAsync(ct);
        await PublishAllAsync(publishes, ct);
        return row;
    }

    /// <summary>
    /// The rollout's devices as the engine sees them: every enrolled device of its kind matching the selector now, and
    /// every device already taken in. A template rollout's device that was sent its config keeps the sha256 it was sent
    /// (pinned when sent); the others' configs are composed from the device's overrides as they are now.
    /// </summary>
    internal async Task<Fleet> ObserveAsync(RolloutRow row, List<RolloutDeviceRow> assigned, CancellationToken ct)
    {
        IQueryable<Guid> matchingIds = Candidates(db, row).Select(d => d.Id);
        IQueryable<Guid> assignedIds = db.Set<RolloutDeviceRow>().Where(a => a.RolloutId == row.Id).Select(a => a.DeviceId);
        var credentials = await db.Set<DeviceCredential>().AsNoTracking()
            .Where(c => matchingIds.Contains(c.DeviceId) || assignedIds.Contains(c.DeviceId))
            .Select(c => new { c.DeviceId, c.Username, c.ConfigKey, c.RevokedAt, c.TenantId })
            .ToListAsync(ct);
        var matching = (await matchingIds.ToListAsync(ct)).ToHashSet();

        // A device another unfinished rollout has taken in stays with that one (it came to match both through later
        // labels, or was enrolled into both selectors): this rollout does not take it in while the other is running,
        // paused or halted. Creation already refuses a rollout that overlaps one (409).
        var elsewhere = (await db.Set<RolloutDeviceRow>()
            .Where(a => a.RolloutId != row.Id && matchingIds.Contains(a.DeviceId) && !assignedIds.Contains(a.DeviceId)
                && db.Set<RolloutRow>().Any(r => r.Id == a.RolloutId && (r.Status == RolloutStatus.Running || r.Status == RolloutStatus.Paused || r.Status == RolloutStatus.Halted)))
            .Select(a => a.DeviceId).Distinct().ToListAsync(ct)).ToHashSet();
        var states = await db.Set<DeviceConfigStateRow>()
            .Where(s => matchingIds.Contains(s.DeviceId) || assignedIds.Contains(s.DeviceId)).ToDictionaryAsync(s => s.DeviceId, ct);
        var activity = await db.Set<DeviceActivityRow>().AsNoTracking()
            .Where(a => matchingIds.Contains(a.DeviceId) || assignedIds.Contains(a.DeviceId)).ToDictionaryAsync(a => a.DeviceId, ct);
        var bindings = row.TemplateId is null ? [] : await db.Set<DeviceOverridesRow>().AsNoTracking()
            .Where(o => matchingIds.Contains(o.DeviceId) || assignedIds.Contains(o.DeviceId)).ToDictionaryAsync(o => o.DeviceId, ct);
        var pinned = row.TemplateId is null ? [] : assigned.Where(a => a.TargetSha256 is not null).ToDictionary(a => a.DeviceId, a => a.TargetSha256!);

        var fleet = new Fleet();
        foreach (var credential in credentials)
        {
            RolloutBody target = pinned.TryGetValue(credential.DeviceId, out string? sent)
                ? new RolloutBody(null, sent, sent, null)
                : bodies.For(row, credential.Username, bindings.GetValueOrDefault(credential.DeviceId));
            string sha = target.Sha256;
            DeviceConfigStateRow? s = states.GetValueOrDefault(credential.DeviceId);
            DeviceActivityRow? a = activity.GetValueOrDefault(credential.DeviceId);
            fleet.Devices[credential.Username] = new FleetDevice(credential.DeviceId, credential.TenantId, credential.Username, credential.ConfigKey, target, s);
            fleet.Observations.Add(new DeviceObservation
            {
                DeviceId = credential.Username,
                Matches = matching.Contains(credential.DeviceId) && credential.RevokedAt is null && !elsewhere.Contains(credential.DeviceId),
                TargetSha = sha,
                Desired = s?.DesiredSha256 is { } desired ? new DesiredConfig(s.DesiredRevision, desired) : null,
                Reported = s?.ReportedSha256 is { } reported ? new ConfigReport(s.ReportedRevision ?? 0, reported, s.ReportedStatus ?? ConfigReport.Rejected, s.ReportedReason) : null,
                LastTelemetryAt = At(a?.LastTelemetryAt),
                AlarmHeartbeatAt = At(a?.AlarmHeartbeatAt),
                DeclaredInterval = TimeSpan.FromMilliseconds(row.DeclaredIntervalMs),
            });
        }

        return fleet;
    }

    /// <summary>The devices of the rollout's tenant and kind (gateways or nodes) that match its selector now (site and every label term).</summary>
    internal static IQueryable<Device> Candidates(FleetDbContext db, RolloutRow row)
    {
        DeviceKind kind = row.Kind;
        IQueryable<Device> candidates = db.Devices.Where(d => d.TenantId == row.TenantId && d.Kind == kind);
        if (row.SiteId is { } site)
        {
            candidates = candidates.Where(d => d.SiteId == site);
        }

        if (Labels.TryParseSelector(row.LabelSelector, out var terms, out _))
        {
            foreach (var term in terms)
            {
                IQueryable<Guid> owners = Labels.OwnersMatching(db, term);
                candidates = candidates.Where(d => owners.Contains(d.Id));
            }
        }

        return candidates;
    }

    public static RolloutPlan PlanOf(RolloutRow row) => new()
    {
        CanaryPercent = row.CanaryPercent,
        Waves = WavesOf(row.Waves),
        Soak = TimeSpan.FromSeconds(row.SoakSeconds),
        StaleFactor = row.StaleFactor,
        HeartbeatTimeout = TimeSpan.FromSeconds(row.HeartbeatTimeoutSeconds),
    };

    public static int[] WavesOf(string waves) =>
        [.. waves.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))];

    public static string Word(RolloutStatus status) => status == RolloutStatus.RolledBack ? "rolled_back" : status.ToString().ToLowerInvariant();

    private static RolloutState StateOf(RolloutRow row, List<RolloutDeviceRow> assigned) => new()
    {
        Id = row.Id.ToString(),
        Plan = PlanOf(row),
        StartedAt = new DateTimeOffset(row.StartedAt),
        Status = row.Status,
        Wave = row.Wave,
        WaveStartedAt = new DateTimeOffset(row.WaveStartedAt),
        HaltReason = row.HaltReason,
        Assignments = [.. assigned.OrderBy(a => a.AssignedAt).ThenBy(a => a.DeviceName, StringComparer.Ordinal).Select(a => new DeviceAssignment(
            a.DeviceName, a.Wave, new DateTimeOffset(a.AssignedAt),
            a.PreviousSha256 is null ? null : new DesiredConfig(a.PreviousRevision ?? 0, a.PreviousSha256),
            a.AppliedAt is { } applied ? new DateTimeOffset(applied) : null,
            a.Skipped ? a.Reason ?? "skipped" : null))],
    };

    private void Persist(RolloutRow row, List<RolloutDeviceRow> assigned, Fleet? fleet, RolloutState state, DateTime now)
    {
        row.Status = state.Status;
        row.Wave = state.Wave;
        row.WaveStartedAt = FleetTime.Truncate(state.WaveStartedAt.UtcDateTime);
        row.HaltReason = state.HaltReason is { } reason ? reason[..Math.Min(reason.Length, Limits.Description)] : null;
        row.FinishedAt = state.IsTerminal ? row.FinishedAt ?? now : null;

        // The concurrency token: always a new value, so a writer that loaded the old row loses.
        row.UpdatedAt = now > row.UpdatedAt ? now : row.UpdatedAt.AddMilliseconds(1);

        var byName = assigned.ToDictionary(a => a.DeviceName, StringComparer.Ordinal);
        foreach (DeviceAssignment assignment in state.Assignments)
        {
            DateTime? applied = assignment.AppliedAt is { } at ? FleetTime.Truncate(at.UtcDateTime) : null;
            FleetDevice? known = fleet?.Devices.GetValueOrDefault(assignment.DeviceId);
            if (byName.TryGetValue(assignment.DeviceId, out RolloutDeviceRow? existing))
            {
                existing.AppliedAt = applied;
                existing.Skipped = assignment.Skipped;
                existing.TargetSha256 = known is { SentNow: true } ? known.Sha256 : existing.TargetSha256;
                existing.Reason = Truncate(assignment.SkippedReason ?? known?.HeldReason ?? (known is { SentNow: true } ? null : existing.Reason));
                continue;
            }

            FleetDevice device = known!;
            db.Add(new RolloutDeviceRow
            {
                Id = Guid.NewGuid(),
                TenantId = row.TenantId,
                RolloutId = row.Id,
                DeviceId = device.Id,
                DeviceName = device.Name,
                Wave = assignment.Wave,
                AssignedAt = FleetTime.Truncate(assignment.AssignedAt.UtcDateTime),
                AppliedAt = applied,
                PreviousRevision = assignment.Previous is null ? null : (int)assignment.Previous.Revision,
                PreviousSha256 = assignment.Previous?.Sha256,
                PreviousConfigRevisionId = assignment.Previous is null ? null : device.DesiredRevisionIdBefore,
                TargetSha256 = device.SentNow ? device.Sha256 : null,
                Skipped = assignment.Skipped,
                Reason = Truncate(assignment.SkippedReason ?? device.HeldReason),
            });
        }
    }

    /// <summary>
    /// Makes the rollout's config a new active revision of each target device, checked like a submission of the device's
    /// kind (the gateway loader or the node's parser, then the safety rules against the device's active revision and its
    /// tanks; a change the rules refuse is never marked alarm-impacting here, so it is refused). Returns the devices it
    /// is refused for, with their wave; when one of them is a canary (wave 0) nothing of this step is prepared. Devices
    /// with the same config before identity, active revision and tanks share one check.
    /// </summary>
    private async Task<List<Refusal>> PrepareSendsAsync(RolloutRow row, Fleet fleet, List<string> targets, Dictionary<string, int> waves, DateTime now,
        List<Publish> publishes, CancellationToken ct)
    {
        var devices = targets.Select(t => fleet.Devices[t]).ToList();
        var ids = devices.Select(d => d.Id).ToList();
        var latest = await db.Set<ConfigRevisionRow>().Where(r => ids.Contains(r.DeviceId)).GroupBy(r => r.DeviceId)
            .Select(g => new { g.Key, Number = g.Max(r => r.Number) }).ToDictionaryAsync(g => g.Key, g => g.Number, ct);
        var active = (await db.Set<ConfigRevisionRow>().Where(r => ids.Contains(r.DeviceId) && r.State == RevisionState.Active)
            .Select(r => new { r.DeviceId, r.Number, r.Id }).ToListAsync(ct))
            .GroupBy(r => r.DeviceId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Number)!.Id);
        var tanks = await TanksAsync(devices, ct);
        var checkedOutcomes = new Dictionary<string, SubmissionOutcome>(StringComparer.Ordinal);
        var activeBodies = new Dictionary<Guid, string>();
        var rows = new List<(FleetDevice Device, ConfigRevisionRow Revision)>();
        var refusals = new List<Refusal>();
        foreach (FleetDevice device in devices)
        {
            int wave = waves.GetValueOrDefault(device.Name);
            string? body = device.Body ?? await SentBodyAsync(device, ct);
            if (device.Refusal is not null || body is null)
            {
                refusals.Add(new Refusal(device.Name, wave, device.Refusal ?? $"the config device {device.Name} was sent earlier in this rollout is no longer stored"));
                continue;
            }

            Guid? activeId = active.TryGetValue(device.Id, out Guid a) ? a : null;
            IReadOnlyList<TankOverfill> deviceTanks = tanks.GetValueOrDefault(device.Id) ?? [];
            string key = $"{device.BaseSha256}|{activeId}|{string.Join(';', deviceTanks)}";
            if (!checkedOutcomes.TryGetValue(key, out SubmissionOutcome? outcome))
            {
                string? activeBody = null;
                if (activeId is { } id)
                {
                    activeBody = activeBodies.TryGetValue(id, out string? known) ? known
                        : activeBodies[id] = await db.Set<ConfigRevisionRow>().Where(r => r.Id == id).Select(r => r.Body).FirstAsync(ct);
                }

                int parent = latest.GetValueOrDefault(device.Id);
                outcome = schemas.Decide(row.Kind, new Submission("rollout", row.Message, body, parent, false), parent, activeBody, deviceTanks);
                checkedOutcomes[key] = outcome;
            }

            if (outcome.Verdict != SubmissionVerdict.Active)
            {
                string problems = string.Join("; ", outcome.Problems.Take(3).Select(p => p.ToString()));
                refusals.Add(new Refusal(device.Name, wave, $"the rollout's config is refused for device {device.Name} ({RuleOf(outcome)}): {problems}"));
                continue;
            }

            rows.Add((device, new ConfigRevisionRow
            {
                Id = Guid.NewGuid(),
                TenantId = device.TenantId,
                DeviceId = device.Id,
                Number = latest.GetValueOrDefault(device.Id) + 1,
                Author = row.Author,
                Message = Truncate($"rollout {row.Name}: {row.Message}"),
                Body = body,
                Sha256 = device.Sha256,
                State = RevisionState.Active,
                CreatedAt = now,
                ActivatedAt = now,
            }));
        }

        if (refusals.Any(r => r.Wave == 0))
        {
            return refusals;
        }

        foreach (var (device, revision) in rows)
        {
            db.Add(revision);
            DeviceConfigStateRow state = StateFor(device);
            ConfigDelivery.SetDesired(state, revision, now);
            device.SentNow = true;
            publishes.Add(new Publish(device.Name, device.Key, state.DesiredRevision, revision.Body));
        }

        return refusals;
    }

    private static string RuleOf(SubmissionOutcome outcome) => outcome.Verdict == SubmissionVerdict.Invalid
        ? "invalid"
        : "unsafe: " + string.Join(", ", outcome.Problems.Select(p => p.Rule).Distinct());

    /// <summary>The body a device was sent earlier in this rollout (its revision with the pinned sha256), for a resend.</summary>
    private async Task<string?> SentBodyAsync(FleetDevice device, CancellationToken ct) =>
        device.Sha256.Length == 0 ? null
            : await db.Set<ConfigRevisionRow>().Where(r => r.DeviceId == device.Id && r.Sha256 == device.Sha256).OrderByDescending(r => r.Number)
                .Select(r => r.Body).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Sends again, unchanged (same delivery revision and body), the rollout's config to devices that were sent it more
    /// than <see cref="RolloutOptions.RepublishAfterSeconds"/> ago and have not reported on it: a publish the broker
    /// refused or timed out is not lost, and a device that already has it answers the redelivery as already running.
    /// </summary>
    private async Task<int> RepublishAsync(Fleet fleet, RolloutState state, DateTime now, List<Publish> publishes, CancellationToken ct)
    {
        DateTime before = now.AddSeconds(-Math.Max(1, options.Value.RepublishAfterSeconds));
        var sending = publishes.Select(p => p.Device).ToHashSet(StringComparer.Ordinal);
        var observed = fleet.Observations.ToDictionary(o => o.DeviceId, StringComparer.Ordinal);
        int count = 0;
        foreach (DeviceAssignment assignment in state.Assignments)
        {
            if (assignment.AppliedAt is not null || sending.Contains(assignment.DeviceId)
                || !observed.TryGetValue(assignment.DeviceId, out DeviceObservation? device) || !device.Sent || device.Rejected
                || (device.Reported is { } report && report.Revision >= device.Desired!.Revision)
                || fleet.Devices[assignment.DeviceId] is not { State: { DesiredAt: { } at } deviceState } target || at > before)
            {
                continue;
            }

            // A template rollout's device sent earlier carries no body in memory: resend the stored desired revision's.
            string? body = target.Body ?? (deviceState.DesiredConfigRevisionId is { } revisionId
                ? await db.Set<ConfigRevisionRow>().Where(r => r.Id == revisionId).Select(r => r.Body).FirstOrDefaultAsync(ct)
                : null);
            if (body is null)
            {
                continue;
            }

            deviceState.DesiredAt = now;
            publishes.Add(new Publish(target.Name, target.Key, deviceState.DesiredRevision, body));
            count++;
        }

        return count;
    }

    /// <summary>Each device the rollback reaches gets its previous config again, as a new revision and delivery revision.</summary>
    private async Task PrepareRestoresAsync(RolloutRow row, Fleet fleet, List<RestorePrevious> restores, List<RolloutDeviceRow> assigned, DateTime now,
        List<Publish> publishes, CancellationToken ct)
    {
        var previousIds = assigned.Where(a => a.PreviousConfigRevisionId is not null).ToDictionary(a => a.DeviceName, a => a.PreviousConfigRevisionId!.Value, StringComparer.Ordinal);
        var wanted = previousIds.Values.Distinct().ToList();
        var previousBodies = await db.Set<ConfigRevisionRow>().Where(r => wanted.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => (r.Body, r.Sha256), ct);
        var ids = restores.Select(r => fleet.Devices[r.DeviceId].Id).ToList();
        var latest = await db.Set<ConfigRevisionRow>().Where(r => ids.Contains(r.DeviceId)).GroupBy(r => r.DeviceId)
            .Select(g => new { g.Key, Number = g.Max(r => r.Number) }).ToDictionaryAsync(g => g.Key, g => g.Number, ct);
        foreach (RestorePrevious restore in restores)
        {
            FleetDevice device = fleet.Devices[restore.DeviceId];
            if (!previousIds.TryGetValue(restore.DeviceId, out Guid previousId) || !previousBodies.TryGetValue(previousId, out var previous))
            {
                log.LogWarning("rollout {Rollout}: no stored revision to restore for {Device}; it keeps the rollout's config", row.Id, restore.DeviceId);
                continue;
            }

            var revision = new ConfigRevisionRow
            {
                Id = Guid.NewGuid(),
                TenantId = device.TenantId,
                DeviceId = device.Id,
                Number = latest.GetValueOrDefault(device.Id) + 1,
                Author = row.Author,
                Message = Truncate($"rollback of rollout {row.Name}: the config from before it"),
                Body = previous.Body,
                Sha256 = previous.Sha256,
                State = RevisionState.Active,
                CreatedAt = now,
                ActivatedAt = now,
            };
            db.Add(revision);
            DeviceConfigStateRow state = StateFor(device);
            ConfigDelivery.SetDesired(state, revision, now);
            publishes.Add(new Publish(device.Name, device.Key, state.DesiredRevision, revision.Body));
        }
    }

    private DeviceConfigStateRow StateFor(FleetDevice device)
    {
        if (device.State is null)
        {
            device.State = new DeviceConfigStateRow { DeviceId = device.Id, TenantId = device.TenantId };
            db.Add(device.State);
        }

        return device.State;
    }

    /// <summary>Overfill levels per device, as <see cref="TankBindings"/> finds them, for many devices in three queries.</summary>
    private async Task<Dictionary<Guid, IReadOnlyList<TankOverfill>>> TanksAsync(List<FleetDevice> devices, CancellationToken ct)
    {
        var ids = devices.Select(d => d.Id).ToList();
        var bound = await (from l in db.Labels
                           join t in db.Tags on l.OwnerId equals t.Id
                           where l.OwnerKind == LabelOwnerKind.Tag && l.Key == TankBindings.LabelKey && ids.Contains(t.DeviceId)
                           select new { t.DeviceId, t.Name, Tank = l.Value }).ToListAsync(ct);
        if (bound.Count == 0)
        {
            return [];
        }

        var boundIds = bound.Select(b => b.DeviceId).Distinct().ToList();
        var sites = await db.Devices.Where(d => boundIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.SiteId, ct);
        var siteIds = sites.Values.Distinct().ToList();
        var areas = await db.Areas.AsNoTracking().Where(a => siteIds.Contains(a.SiteId) && a.Kind == AreaKind.Tank && a.OverfillLevel != null).ToListAsync(ct);
        var result = new Dictionary<Guid, IReadOnlyList<TankOverfill>>();
        foreach (var group in bound.GroupBy(b => b.DeviceId))
        {
            var list = new List<TankOverfill>();
            foreach (var tag in group)
            {
                string[] parts = tag.Name.Split('/');
                if (parts.Length == 2 && areas.FirstOrDefault(a => a.SiteId == sites[group.Key] && a.Name == tag.Tank) is { } tank)
                {
                    list.Add(new TankOverfill(tank.Name, parts[0], parts[1], tank.OverfillLevel!.Value, tank.OverfillLevelUnit ?? string.Empty));
                }
            }

            result[group.Key] = list;
        }

        return result;
    }

    private async Task PublishAllAsync(List<Publish> publishes, CancellationToken ct)
    {
        if (publishes.Count == 0)
        {
            return;
        }

        int failed = 0;
        await Parallel.ForEachAsync(publishes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.PublishConcurrency), CancellationToken = ct },
            async (p, token) =>
            {
                if (!await delivery.PublishSealedAsync(p.Device, p.Key, p.DeliveryRevision, p.Body, token))
                {
                    Interlocked.Increment(ref failed);
                }
            });
        if (failed > 0)
        {
            log.LogWarning("{Failed} of {Count} config publishes failed; those devices stay pending in the drift view", failed, publishes.Count);
        }
    }

    private static DateTimeOffset? At(DateTime? value) => value is { } v ? new DateTimeOffset(v) : null;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Truncate(string? text) => text is null || text.Length <= Limits.Description ? text : text[..Limits.Description];

    /// <summary>A device whose config a step refused: its wave and why.</summary>
    private sealed record Refusal(string Device, int Wave, string Reason);

    /// <summary>One sealed config to publish after the commit.</summary>
    private sealed record Publish(string Device, byte[] Key, int DeliveryRevision, string Body);

    /// <summary>What one step knows: the engine's observations and, per wire id, the registry side.</summary>
    internal sealed class Fleet
    {
        public List<DeviceObservation> Observations { get; } = [];

        public Dictionary<string, FleetDevice> Devices { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A device of a rollout: registry id, tenant, wire id, config key, its target body and sha, its config state row (tracked).</summary>
    internal sealed class FleetDevice(Guid id, Guid tenantId, string name, byte[] key, RolloutBody target, DeviceConfigStateRow? state)
    {
        public Guid Id { get; } = id;
        public Guid TenantId { get; } = tenantId;
        public string Name { get; } = name;
        public byte[] Key { get; } = key;

        /// <summary>The config with its identity; null when pinned (sent earlier: load it) or when none could be made (<see cref="Refusal"/>).</summary>
        public string? Body { get; } = target.Body;
        public string Sha256 { get; } = target.Sha256;
        public string BaseSha256 { get; } = target.BaseSha256;
        public string? Refusal { get; } = target.Refusal;
        public DeviceConfigStateRow? State { get; set; } = state;

        /// <summary>Set when this step made the rollout's config the device's desired config.</summary>
        public bool SentNow { get; set; }

        /// <summary>Why the device's config was refused in a step that halted on a canary (shown per device until it is sent).</summary>
        public string? HeldReason { get; set; }

        /// <summary>The revision the device's desired config carried when observed, before this step changed it (what a rollback restores).</summary>
        public Guid? DesiredRevisionIdBefore { get; } = state?.DesiredConfigRevisionId;
    }
}
