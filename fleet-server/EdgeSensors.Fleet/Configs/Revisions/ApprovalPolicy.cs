namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>The answer to one approval.</summary>
public enum ApprovalVerdict
{
    /// <summary>Recorded; one more distinct approver is needed.</summary>
    Recorded,

    /// <summary>Recorded, and it was the second: the revision is active now.</summary>
    Activated,

    /// <summary>The author may not approve their own change (403).</summary>
    AuthorCannotApprove,

    /// <summary>This user already approved it (409).</summary>
    AlreadyApproved,

    /// <summary>The revision does not wait for approval (409).</summary>
    NotPending,
}

/// <summary>An alarm-impacting revision becomes active after approvals by two distinct users, neither of them its author.</summary>
public static class ApprovalPolicy
{
    public const int RequiredApprovals = 2;

    public static ApprovalVerdict Approve(RevisionState state, string author, IReadOnlyCollection<string> approvedBy, string approver)
    {
        if (state != RevisionState.PendingApproval)
        {
            return ApprovalVerdict.NotPending;
        }

        if (string.Equals(author, approver, StringComparison.Ordinal))
        {
            return ApprovalVerdict.AuthorCannotApprove;
        }

        if (approvedBy.Contains(approver, StringComparer.Ordinal))
        {
            return ApprovalVerdict.AlreadyApproved;
        }

        return approvedBy.Count + 1 >= RequiredApprovals ? ApprovalVerdict.Activated : ApprovalVerdict.Recorded;
    }
}
