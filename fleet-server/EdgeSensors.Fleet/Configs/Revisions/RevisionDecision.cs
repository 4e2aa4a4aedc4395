using EdgeSensors.Fleet.Configs.Validation;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>Validates a body into a typed config, or returns null with the problems (field paths) that refused it.</summary>
public delegate TConfig? ValidateBody<TConfig>(string body, out IReadOnlyList<ConfigProblem> problems)
    where TConfig : class;

/// <summary>
/// The order every revision policy decides in, whatever the config's schema: stale parent first (409), then the
/// schema's own validator (422), then its safety rules against the active revision. A safety violation is accepted
/// only when the author marked the change alarm-impacting, and then waits for approval; so does any change its
/// author marks alarm-impacting.
/// </summary>
internal static class RevisionDecision
{
    public static (SubmissionVerdict Verdict, TConfig? Proposed, IReadOnlyList<ConfigProblem> Problems) Decide<TConfig>(
        Submission submission,
        int latest,
        string? activeBody,
        ValidateBody<TConfig> validate,
        Func<TConfig?, TConfig, IReadOnlyList<ConfigProblem>> safetyRules)
        where TConfig : class
    {
        if (submission.ExpectedParent != latest)
        {
            return (SubmissionVerdict.Stale, null,
            [
                new ConfigProblem("stale_parent", "parent",
                    $"revision {submission.ExpectedParent} is not the latest; revision {latest} is",
                    $"fetch revision {latest}, apply your change to it and submit with parent {latest}"),
            ]);
        }

        TConfig? proposed = validate(submission.Body, out IReadOnlyList<ConfigProblem> errors);
        if (proposed is null)
        {
            return (SubmissionVerdict.Invalid, null, errors);
        }

        TConfig? active = activeBody is null ? null : validate(activeBody, out _);
        IReadOnlyList<ConfigProblem> violations = safetyRules(active, proposed);
        if (violations.Count > 0 && !submission.AlarmImpacting)
        {
            return (SubmissionVerdict.Unsafe, proposed, violations);
        }

        return (submission.AlarmImpacting ? SubmissionVerdict.PendingApproval : SubmissionVerdict.Active, proposed, violations);
    }
}
