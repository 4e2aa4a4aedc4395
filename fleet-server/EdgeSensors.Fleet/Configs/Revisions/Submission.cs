namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>
/// A new revision as its author sends it. <see cref="ExpectedParent"/> is the revision number the author edited
/// (0 for the first one): when another revision was created since, the submission is stale (409).
/// </summary>
public sealed record Submission(string Author, string Message, string Body, int ExpectedParent, bool AlarmImpacting);
