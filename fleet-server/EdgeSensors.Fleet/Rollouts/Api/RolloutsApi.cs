using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Configs.Api;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Documents;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Registry;
using EdgeSensors.Fleet.Rollouts.Engine;
using EdgeSensors.Fleet.Rollouts.Storage;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Node.Config;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Rollouts.Api;

/// <summary>
/// /api/rollouts: create a rollout (the hosted engine runs it), list and read its status per device, pause, resume and
/// roll back (docs/config-rollout.md).
/// </summary>
public static class RolloutsApi
{
    /// <summary>The gateway id the body is checked with at creation (each device gets its own at send time).</summary>
    public const string CheckId = "rollout-check";

    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/rollouts").WithTags("Rollouts");
        group.MapGet("/", List).RequireAuthorization(Permissions.ConfigsRead);
        group.MapPost("/", Create).RequireAuthorization(Permissions.ConfigsWrite);
        group.MapGet("/{rolloutId:guid}", Get).RequireAuthorization(Permissions.ConfigsRead);
        group.MapPost("/{rolloutId:guid}/pause", (Guid rolloutId, IServiceScopeFactory scopes, Caller caller, FleetDbContext db, CancellationToken ct) => Command(rolloutId, "pause", scopes, caller, db, ct))
            .RequireAuthorization(Permissions.ConfigsWrite);
        group.MapPost("/{rolloutId:guid}/resume", (Guid rolloutId, IServiceScopeFactory scopes, Caller caller, FleetDbContext db, CancellationToken ct) => Command(rolloutId, "resume", scopes, caller, db, ct))
            .RequireAuthorization(Permissions.ConfigsWrite);
        group.MapPost("/{rolloutId:guid}/rollback", (Guid rolloutId, IServiceScopeFactory scopes, Caller caller, FleetDbContext db, CancellationToken ct) => Command(rolloutId, "rollback", scopes, caller, db, ct))
            .RequireAuthorization(Permissions.ConfigsWrite);
        return api;
    }

    public static async Task<Ok<RolloutSummaryView[]>> List(FleetDbContext db, CancellationToken ct)
    {
        var rows = await db.Set<RolloutRow>().AsNoTracking().OrderByDescending(r => r.StartedAt).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(RolloutSummaryView.Of).ToArray());
    }

    public static async Task<Results<Ok<RolloutView>, ProblemHttpResult>> Get(Guid rolloutId, FleetDbContext db, CancellationToken ct)
    {
        var row = await db.Set<RolloutRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rolloutId, ct);
        return row is null ? ApiProblems.NotFound("rollout", rolloutId) : TypedResults.Ok(await ViewAsync(db, row, ct));
    }

    public static async Task<Results<Created<RolloutView>, ProblemHttpResult>> Create(RolloutRequest request, FleetDbContext db, AuditLog audit, Caller caller,
        ConfigValidator validator, NodeConfigValidator nodeValidator, TimeProvider time, CancellationToken ct)
    {
        string kind = Word(request.Kind);
        var check = new RequestValidator()
            .Name("name", request.Name)
            .Check(!string.IsNullOrWhiteSpace(request.Message), "message", "Required: say what the rollout changes and why.")
            .MaxLength("message", request.Message, Limits.Description)
            .Check(Enum.IsDefined(request.Kind), "kind", "One of: gateway, node.")
            .Check(request.Body is null || request.TemplateId is null, "templateId", "Give body or templateId, not both: a rollout sends one config (body) or a stored template merged with each device's overrides (templateId).")
            .Check(request.Body is not null || request.TemplateId is not null, "body", $"Required unless templateId is given: the config every {kind} gets ({ConfigSchemas.Describe(request.Kind)}), with its own identity.")
            .Check(request.Body is null or { Length: > 0 and <= ConfigsApi.MaxBodyCharacters }, "body", $"The config document, 1 to {ConfigsApi.MaxBodyCharacters} characters: {ConfigSchemas.Describe(request.Kind)}; each device gets it with its own identity.")
            .Check(request.SiteId is not null || !string.IsNullOrWhiteSpace(request.Labels), "siteId", "Give a target: siteId, labels (a selector such as \"zone=north,tier\"), or both.")
            .MaxLength("labels", request.Labels, Limits.Description);
        if (!Labels.TryParseSelector(request.Labels, out _, out string? selectorError))
        {
            check.Add("labels", selectorError!);
        }

        var plan = new RolloutPlan
        {
            CanaryPercent = request.CanaryPercent,
            Waves = request.Waves,
            Soak = TimeSpan.FromSeconds(request.SoakSeconds),
            StaleFactor = request.StaleFactor,
            HeartbeatTimeout = TimeSpan.FromSeconds(request.HeartbeatTimeoutSeconds),
        };
        foreach (string problem in plan.Problems())
        {
            check.Add(PlanField(problem), problem);
        }

        check.Check(request.Waves.Length <= 20, "waves", "At most 20 waves.")
            .Check(request.SoakSeconds <= 7 * 24 * 3600, "soakSeconds", "At most 604800 s (7 days).")
            .Check(request.StaleFactor <= 100, "staleFactor", "At most 100.")
            .Check(request.HeartbeatTimeoutSeconds <= 24 * 3600, "heartbeatTimeoutSeconds", "At most 86400 s (1 day).");
        if (check.Problem is { } invalid)
        {
            return invalid;
        }

        if (request.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            return ApiProblems.Invalid("siteId", $"There is no site with id {siteId} in your tenant; list them with GET /api/sites.");
        }

        // A template is pinned as it is now: its body, name and version go onto the rollout row.
        ConfigTemplateRow? template = null;
        if (request.TemplateId is { } templateId)
        {
            template = await db.Set<ConfigTemplateRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct);
            if (template is null)
            {
                return ApiProblems.Invalid("templateId", $"Your tenant has no config template {templateId}; list them with GET /api/config-templates.");
            }

            if (template.Kind != request.Kind)
            {
                return ApiProblems.Invalid("templateId", $"Template '{template.Name}' is a {Word(template.Kind)} template, but this rollout is for {kind}s (kind); pick a {kind} template or set kind to {Word(template.Kind)}.");
            }

            if (template.SiteId is { } templateSite && request.SiteId != templateSite)
            {
                return ApiProblems.Invalid("siteId", $"Template '{template.Name}' belongs to site {templateSite}; a rollout of it must target that site (siteId {templateSite}), or use a template for every site.");
            }
        }

        string body = template?.Body ?? request.Body!;
        string field = template is null ? "body" : "templateId";
        TimeSpan declared;
        try
        {
            if (CheckBody(request.Kind, RolloutBodies.WithIdentity(request.Kind, body, CheckId), validator, nodeValidator, out declared) is { Count: > 0 } problems)
            {
                return template is null
                    ? ApiProblems.Invalid(problems.GroupBy(p => p.Path.Length == 0 ? "body" : "body." + p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray()))
                    : ApiProblems.Invalid("templateId", $"Template '{template.Name}' (version {template.Version}) is not a valid {kind} config on its own; it is the base of every device's config: "
                        + string.Join("; ", problems.Take(5).Select(p => p.ToString())));
            }
        }
        catch (ConfigFormatException ex)
        {
            return ApiProblems.Invalid(field, ex.Message + $". It must be {ConfigSchemas.Describe(request.Kind)}.");
        }

        DateTime now = time.UtcNow();
        var row = new RolloutRow
        {
            Id = Guid.NewGuid(),
            TenantId = db.TenantFilterId,
            Name = request.Name,
            Message = request.Message,
            Author = caller.Actor,
            Kind = request.Kind,
            Body = body,
            TemplateId = template?.Id,
            TemplateName = template?.Name,
            TemplateVersion = template?.Version,
            SiteId = request.SiteId,
            LabelSelector = string.IsNullOrWhiteSpace(request.Labels) ? null : request.Labels.Trim(),
            CanaryPercent = request.CanaryPercent,
            Waves = string.Join(',', request.Waves),
            SoakSeconds = request.SoakSeconds,
            StaleFactor = request.StaleFactor,
            HeartbeatTimeoutSeconds = request.HeartbeatTimeoutSeconds,
            DeclaredIntervalMs = (long)declared.TotalMilliseconds,
            Status = RolloutStatus.Running,
            StartedAt = now,
            WaveStartedAt = now,
            UpdatedAt = now,
        };
        if (await OverlapAsync(db, row, ct) is { } other)
        {
            return ApiProblems.Conflict("Another rollout is still running on some of these devices.",
                $"Rollout '{other.Name}' ({other.Id}) is {RolloutRunner.Word(other.Status)} and targets some of the same devices; wait for it to complete, or roll it back, then create this one.");
        }

        db.Add(row);
        audit.Record("rollout.create", "rollout", row.Id, null, RolloutSummaryView.Of(row), row.TenantId);
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/rollouts/{row.Id}", await ViewAsync(db, row, ct));
    }

    /// <summary>
    /// Runs a user's command in its own scope; when an engine step changed the rollout meanwhile (the UpdatedAt
    /// concurrency token), it is tried again on the fresh row, up to 5 times, before the caller gets 409.
    /// </summary>
    private static async Task<Results<Ok<RolloutView>, ProblemHttpResult>> Command(Guid rolloutId, string command, IServiceScopeFactory scopes, Caller caller, FleetDbContext db, CancellationToken ct)
    {
        RolloutRow? row;
        for (int attempt = 1; ; attempt++)
        {
            await using AsyncServiceScope scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(db.TenantFilterId);
            scope.ServiceProvider.GetRequiredService<Caller>().Set(caller.Actor);
            try
            {
                row = await scope.ServiceProvider.GetRequiredService<RolloutRunner>().CommandAsync(rolloutId, command, caller.Actor, ct);
                break;
            }
            catch (RolloutCommandException ex)
            {
                return ApiProblems.Conflict($"The rollout cannot {command} now.", ex.Message);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                await Task.Delay(50 * attempt, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApiProblems.Conflict("The rollout changed meanwhile.", $"The engine or another user kept changing rollout {rolloutId} during your {command}; read it again (GET /api/rollouts/{rolloutId}) and retry.");
            }
        }

        return row is null ? ApiProblems.NotFound("rollout", rolloutId) : TypedResults.Ok(await ViewAsync(db, row, ct));
    }

    /// <summary>The telemetry interval a gateway config declares: its shortest tag heartbeat, at least the device's poll interval.</summary>
    public static TimeSpan DeclaredInterval(SiteConfig config)
    {
        var intervals = config.Devices.SelectMany(d => d.Tags.Select(t => t.Heartbeat > d.PollInterval ? t.Heartbeat : d.PollInterval)).ToList();
        return intervals.Count == 0 ? TimeSpan.FromMinutes(1) : intervals.Min();
    }

    /// <summary>The telemetry interval a node config declares: its shortest poll period (a node publishes every reading it polls).</summary>
    public static TimeSpan DeclaredInterval(NodeConfig config)
    {
        long shortest = long.MaxValue;
        for (int i = 0; i < config.Devices.Length; i++)
        {
            shortest = Math.Min(shortest, config.Devices[i].PollIntervalMs);
        }

        return shortest == long.MaxValue ? TimeSpan.FromMinutes(1) : TimeSpan.FromMilliseconds(shortest);
    }

    /// <summary>The body's problems by the kind's own validator (none when valid), and the telemetry interval it declares.</summary>
    private static IReadOnlyList<ConfigProblem> CheckBody(DeviceKind kind, string body, ConfigValidator validator, NodeConfigValidator nodeValidator, out TimeSpan declared)
    {
        IReadOnlyList<ConfigProblem> problems;
        declared = TimeSpan.FromMinutes(1);
        if (kind == DeviceKind.Node)
        {
            if (nodeValidator.Validate(body, out problems) is { } node)
            {
                declared = DeclaredInterval(node);
            }
        }
        else if (validator.Validate(body, out problems) is { } gateway)
        {
            declared = DeclaredInterval(gateway);
        }

        return problems;
    }

    private static string Word(DeviceKind kind) => kind.ToString().ToLowerInvariant();

    private static string PlanField(string problem) => problem switch
    {
        _ when problem.StartsWith("canary", StringComparison.Ordinal) => "canaryPercent",
        _ when problem.StartsWith("soak", StringComparison.Ordinal) => "soakSeconds",
        _ when problem.StartsWith("stale", StringComparison.Ordinal) => "staleFactor",
        _ when problem.StartsWith("heartbeat", StringComparison.Ordinal) => "heartbeatTimeoutSeconds",
        _ => "waves",
    };

    /// <summary>A non-finished rollout of the tenant that targets (or took in) a device this one targets now.</summary>
    private static async Task<RolloutRow?> OverlapAsync(FleetDbContext db, RolloutRow candidate, CancellationToken ct)
    {
        var others = await db.Set<RolloutRow>().AsNoTracking()
            .Where(r => r.Status == RolloutStatus.Running || r.Status == RolloutStatus.Paused || r.Status == RolloutStatus.Halted).ToListAsync(ct);
        if (others.Count == 0)
        {
            return null;
        }

        var mine = (await RolloutRunner.Candidates(db, candidate).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        foreach (RolloutRow other in others)
        {
            var theirs = await RolloutRunner.Candidates(db, other).Select(d => d.Id)
                .Union(db.Set<RolloutDeviceRow>().Where(a => a.RolloutId == other.Id).Select(a => a.DeviceId)).ToListAsync(ct);
            if (theirs.Any(mine.Contains))
            {
                return other;
            }
        }

        return null;
    }

    private static async Task<RolloutView> ViewAsync(FleetDbContext db, RolloutRow row, CancellationToken ct)
    {
        var assigned = await db.Set<RolloutDeviceRow>().AsNoTracking().Where(a => a.RolloutId == row.Id).OrderBy(a => a.Wave).ThenBy(a => a.DeviceName).ToListAsync(ct);
        var ids = db.Set<RolloutDeviceRow>().Where(a => a.RolloutId == row.Id).Select(a => a.DeviceId);
        var states = await db.Set<DeviceConfigStateRow>().AsNoTracking().Where(s => ids.Contains(s.DeviceId)).ToDictionaryAsync(s => s.DeviceId, ct);
        var devices = new List<RolloutDeviceView>();
        foreach (RolloutDeviceRow a in assigned)
        {
            DeviceConfigStateRow? s = states.GetValueOrDefault(a.DeviceId);
            DesiredConfig? desired = s?.DesiredSha256 is { } sha ? new DesiredConfig(s.DesiredRevision, sha) : null;
            ConfigReport? reported = s?.ReportedSha256 is { } rsha ? new ConfigReport(s.ReportedRevision ?? 0, rsha, s.ReportedStatus ?? ConfigReport.Rejected, s.ReportedReason) : null;
            string outcome = a.Skipped ? "skipped" : a.Reason is not null ? "held" : a.TargetSha256 is not null || a.AppliedAt is not null ? "sent" : "waiting";
            devices.Add(new RolloutDeviceView(a.DeviceId, a.DeviceName, a.Wave, a.AssignedAt, a.AppliedAt, ConfigsApi.Word(Drift.Of(desired, reported)),
                desired is null ? null : s!.DesiredRevision, s?.ReportedRevision, s?.ReportedStatus, s?.ReportedReason, outcome, a.Reason));
        }

        var summary = Enum.GetValues<DriftState>().ToDictionary(ConfigsApi.Word, state => devices.Count(d => d.Drift == ConfigsApi.Word(state)));
        return new RolloutView(RolloutSummaryView.Of(row), devices, summary);
    }
}
