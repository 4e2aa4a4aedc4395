using System.Text.Json;
using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Diff;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>
/// /api/devices/{id}/config/...: immutable revisions validated by the gateway's loader and the safety rules, the diff
/// of any two, approvals of alarm-impacting ones; /api/configs/drift: desired against reported (docs/config-rollout.md).
/// </summary>
public static class ConfigsApi
{
    public const int MaxBodyCharacters = 256 * 1024;

    public static RouteGroupBuilder MapConfigsApi(this RouteGroupBuilder api)
    {
        var device = api.MapGroup("/devices/{deviceId:guid}/config").WithTags("Configs");
        device.MapGet("/revisions", List).RequireAuthorization(Permissions.ConfigsRead);
        device.MapGet("/revisions/{number}", Get).RequireAuthorization(Permissions.ConfigsRead);
        device.MapPost("/revisions", Submit).RequireAuthorization(Permissions.ConfigsWrite);
        device.MapPost("/revisions/{number}/approvals", Approve).RequireAuthorization(Permissions.ConfigsApprove);
        device.MapGet("/diff", DiffOf).RequireAuthorization(Permissions.ConfigsRead);
        api.MapGet("/configs/drift", DriftOf).WithTags("Configs").RequireAuthorization(Permissions.ConfigsRead);
        return api;
    }

    public static async Task<Results<Ok<RevisionSummaryView[]>, ProblemHttpResult>> List(Guid deviceId, FleetDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Devices.AnyAsync(d => d.Id == deviceId, cancellationToken))
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var rows = await db.Set<ConfigRevisionRow>().AsNoTracking().Where(r => r.DeviceId == deviceId).OrderBy(r => r.Number).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(RevisionSummaryView.Of).ToArray());
    }

    public static async Task<Results<Ok<RevisionView>, ProblemHttpResult>> Get(Guid deviceId, int number, FleetDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<ConfigRevisionRow>().AsNoTracking().FirstOrDefaultAsync(r => r.DeviceId == deviceId && r.Number == number, cancellationToken);
        return row is null ? NoRevision(deviceId, number) : TypedResults.Ok(await ViewAsync(db, row, cancellationToken));
    }

    public static async Task<Results<Created<RevisionView>, ProblemHttpResult>> Submit(Guid deviceId, RevisionRequest request, FleetDbContext db, AuditLog audit,
        Caller caller, ConfigSchemas schemas, ConfigDelivery delivery, TimeProvider time, CancellationToken cancellationToken)
    {
        var check = new RequestValidator()
            .Check(request.Parent >= 0, "parent", "The revision you edited: 0 for the first, else a revision number.")
            .Check(!string.IsNullOrWhiteSpace(request.Message), "message", "Required: say what the change does and why.")
            .Check(request.Body is { Length: > 0 and <= MaxBodyCharacters }, "body", $"Required: the config document (gateway: YAML site config; node: JSON document), at most {MaxBodyCharacters} characters.");
        if (request.Message is { Length: > Limits.Description })
        {
            check.Add("message", $"At most {Limits.Description} characters.");
        }

        if (check.Problem is { } invalid)
        {
            return invalid;
        }

        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        if (device is null)
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var (row, refused) = await CreateRevisionAsync(device, caller.Actor, request.Message, request.Body, request.Parent, request.AlarmImpacting,
            db, audit, schemas, delivery, time, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Created($"/api/devices/{deviceId}/config/revisions/{row!.Number}", await ViewAsync(db, row, cancellationToken));
    }

    /// <summary>
    /// Decides and stores a new revision of <paramref name="device"/>'s config (the schema by its kind), audits it and,
    /// when it is active at once, makes it the desired config and publishes it. <paramref name="parent"/> null means
    /// "on top of the latest" (a revision made from a template). Returns the row, or the problem to answer.
    /// </summary>
    internal static async Task<(ConfigRevisionRow? Row, ProblemHttpResult? Problem)> CreateRevisionAsync(Device device, string author, string message,
        string body, int? parent, bool alarmImpacting, FleetDbContext db, AuditLog audit, ConfigSchemas schemas, ConfigDelivery delivery, TimeProvider time,
        CancellationToken cancellationToken)
    {
        Guid deviceId = device.Id;
        var revisions = db.Set<ConfigRevisionRow>().Where(r => r.DeviceId == deviceId);
        int latest = await revisions.MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0;
        string? activeBody = await revisions.Where(r => r.State == RevisionState.Active).OrderByDescending(r => r.Number).Select(r => r.Body).FirstOrDefaultAsync(cancellationToken);
        var tanks = await TankBindings.LoadAsync(db, device, cancellationToken);
        var submission = new Submission(author, message, body, parent ?? latest, alarmImpacting);
        SubmissionOutcome outcome = schemas.Decide(device.Kind, submission, latest, activeBody, tanks);
        switch (outcome.Verdict)
        {
            case SubmissionVerdict.Stale:
                return (null, ApiProblems.Conflict("The config changed since you read it.", $"device {device.Name}: {outcome.Problems[0]}"));
            case SubmissionVerdict.Invalid:
                return (null, Refused($"The config is not valid for {device.Kind.ToString().ToLowerInvariant()} {device.Name}: it must be {ConfigSchemas.Describe(device.Kind)}.", outcome.Problems));
            case SubmissionVerdict.Unsafe:
                audit.Record("config.revision.refused", "device", deviceId, null, new { Parent = submission.ExpectedParent, Message = message, Problems = outcome.Problems }, device.TenantId);
                await audit.SaveChangesAsync(cancellationToken);
                return (null, Refused("The change breaks a safety rule; mark it alarm_impacting to have it approved by two other users.", outcome.Problems));
        }

        var now = time.UtcNow();
        var row = new ConfigRevisionRow
        {
            Id = Guid.NewGuid(),
            TenantId = device.TenantId,
            DeviceId = deviceId,
            Number = latest + 1,
            Author = author,
            Message = message,
            Body = body,
            Sha256 = Sha256Text.Of(body),
            AlarmImpacting = alarmImpacting,
            State = outcome.Verdict == SubmissionVerdict.Active ? RevisionState.Active : RevisionState.PendingApproval,
            Violations = outcome.Problems.Count == 0 ? null : JsonSerializer.Serialize(outcome.Problems),
            CreatedAt = now,
            ActivatedAt = outcome.Verdict == SubmissionVerdict.Active ? now : null,
        };
        db.Add(row);
        DeviceConfigStateRow? state = row.State == RevisionState.Active ? await delivery.SetDesiredAsync(row, cancellationToken) : null;
        audit.Record("config.revision.create", "config_revision", row.Id, null, RevisionSummaryView.Of(row), device.TenantId);
        if (state is not null)
        {
            audit.Record("config.desired.set", "device", deviceId, null, new { state.DesiredRevision, state.DesiredSha256, Revision = row.Number }, device.TenantId);
        }

        // A concurrent submission with the same parent loses on the unique (device, number) index: DbUpdateException -> 409.
        await audit.SaveChangesAsync(cancellationToken);
        if (state is not null)
        {
            await delivery.PublishAsync(device.Name, state, row.Body, cancellationToken);
        }

        return (row, null);
    }

    public static async Task<Results<Ok<RevisionView>, ProblemHttpResult>> Approve(Guid deviceId, int number, FleetDbContext db, AuditLog audit, Caller caller,
        ConfigDelivery delivery, TimeProvider time, CancellationToken cancellationToken)
    {
        var row = await db.Set<ConfigRevisionRow>().FirstOrDefaultAsync(r => r.DeviceId == deviceId && r.Number == number, cancellationToken);
        if (row is null)
        {
            return NoRevision(deviceId, number);
        }

        var approvedBy = await db.Set<ConfigApprovalRow>().Where(a => a.RevisionId == row.Id).Select(a => a.Approver).ToListAsync(cancellationToken);
        switch (ApprovalPolicy.Approve(row.State, row.Author, approvedBy, caller.Actor))
        {
            case ApprovalVerdict.NotPending:
                return ApiProblems.Conflict("The revision does not wait for approval.", $"Revision {number} is {RevisionSummaryView.StateName(row)}; only an alarm-impacting revision is approved.");
            case ApprovalVerdict.AuthorCannotApprove:
                return TypedResults.Problem(statusCode: 403, title: "Authors cannot approve their own change.",
                    detail: $"Revision {number} was written by {row.Author}; two other users with configs.approve must approve it.");
            case ApprovalVerdict.AlreadyApproved:
                return ApiProblems.Conflict("You already approved this revision.", $"Revision {number} needs {ApprovalPolicy.RequiredApprovals} distinct approvers; ask another user.");
            case ApprovalVerdict.Activated:
                row.State = RevisionState.Active;
                row.ActivatedAt = time.UtcNow();
                break;
        }

        db.Add(new ConfigApprovalRow { Id = Guid.NewGuid(), TenantId = row.TenantId, RevisionId = row.Id, Approver = caller.Actor, At = time.UtcNow() });
        audit.Record("config.revision.approve", "config_revision", row.Id, null, new { row.Number, Approver = caller.Actor }, row.TenantId);
        DeviceConfigStateRow? state = null;
        if (row.State == RevisionState.Active)
        {
            state = await delivery.SetDesiredAsync(row, cancellationToken);
            audit.Record("config.revision.activate", "config_revision", row.Id, new { State = "pending_approval" }, RevisionSummaryView.Of(row), row.TenantId);
            audit.Record("config.desired.set", "device", deviceId, null, new { state.DesiredRevision, state.DesiredSha256, Revision = row.Number }, row.TenantId);
        }

        await audit.SaveChangesAsync(cancellationToken);
        if (state is not null)
        {
            var name = await db.Devices.Where(d => d.Id == deviceId).Select(d => d.Name).FirstAsync(cancellationToken);
            await delivery.PublishAsync(name, state, row.Body, cancellationToken);
        }

        return TypedResults.Ok(await ViewAsync(db, row, cancellationToken));
    }

    public static async Task<Results<Ok<DiffView>, ProblemHttpResult>> DiffOf(Guid deviceId, int from, int to, FleetDbContext db, CancellationToken cancellationToken)
    {
        var bodies = await db.Set<ConfigRevisionRow>().AsNoTracking()
            .Where(r => r.DeviceId == deviceId && (r.Number == from || r.Number == to))
            .ToDictionaryAsync(r => r.Number, r => r.Body, cancellationToken);
        if (!bodies.TryGetValue(from, out var before))
        {
            return NoRevision(deviceId, from);
        }

        return bodies.TryGetValue(to, out var after)
            ? TypedResults.Ok(new DiffView(from, to, ConfigDiff.Compare(before, after)))
            : NoRevision(deviceId, to);
    }

    public static async Task<Ok<DriftView>> DriftOf(Guid? siteId, FleetDbContext db, CancellationToken cancellationToken)
    {
        var devices = db.Devices.AsNoTracking();
        if (siteId is { } site)
        {
            devices = devices.Where(d => d.SiteId == site);
        }

        var list = await devices.OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        var ids = list.Select(d => d.Id).ToList();
        var states = await db.Set<DeviceConfigStateRow>().AsNoTracking().Where(s => ids.Contains(s.DeviceId)).ToDictionaryAsync(s => s.DeviceId, cancellationToken);
        var views = new List<DriftDeviceView>();
        foreach (var device in list)
        {
            var s = states.GetValueOrDefault(device.Id);
            DesiredConfig? desired = s?.DesiredSha256 is { } sha ? new DesiredConfig(s.DesiredRevision, sha) : null;
            ConfigReport? reported = s?.ReportedSha256 is { } rsha ? new ConfigReport(s.ReportedRevision ?? 0, rsha, s.ReportedStatus ?? ConfigReport.Rejected, s.ReportedReason) : null;
            views.Add(new DriftDeviceView(device.Id, device.Name, Word(Drift.Of(desired, reported)), desired is null ? null : s!.DesiredRevision, s?.DesiredSha256,
                s?.ReportedRevision, s?.ReportedSha256, s?.ReportedStatus, s?.ReportedReason, s?.ReportedAt));
        }

        var summary = Enum.GetValues<DriftState>().ToDictionary(Word, state => views.Count(v => v.State == Word(state)));
        return TypedResults.Ok(new DriftView(views, summary));
    }

    /// <summary>"in_sync", "pending" ... as the API and the docs write the states.</summary>
    public static string Word(DriftState state) => state switch
    {
        DriftState.InSync => "in_sync",
        _ => state.ToString().ToLowerInvariant(),
    };

    internal static ProblemHttpResult Refused(string title, IReadOnlyList<ConfigProblem> problems)
    {
        var errors = problems.GroupBy(p => p.Path.Length == 0 ? "body" : "body." + p.Path)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray());
        var details = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = string.Join("; ", problems.Take(3).Select(p => p.ToString())),
        };
        details.Extensions["problems"] = problems;
        return TypedResults.Problem(details);
    }

    private static ProblemHttpResult NoRevision(Guid deviceId, int number) =>
        TypedResults.Problem(statusCode: 404, title: "No such config revision.",
            detail: $"Device {deviceId} has no config revision {number} in your tenant; list them with GET /api/devices/{deviceId}/config/revisions.");

    private static async Task<RevisionView> ViewAsync(FleetDbContext db, ConfigRevisionRow r, CancellationToken cancellationToken)
    {
        var approvers = await db.Set<ConfigApprovalRow>().AsNoTracking().Where(a => a.RevisionId == r.Id).OrderBy(a => a.At).Select(a => a.Approver).ToListAsync(cancellationToken);
        var violations = r.Violations is null ? [] : JsonSerializer.Deserialize<List<ConfigProblem>>(r.Violations) ?? [];
        return new RevisionView(r.Id, r.DeviceId, r.Number, r.Author, r.Message, r.CreatedAt, RevisionSummaryView.StateName(r), r.Sha256,
            r.AlarmImpacting, r.ActivatedAt, r.Body, violations, approvers);
    }
}
