using EdgeSensors.Fleet.Configs.Revisions;

namespace EdgeSensors.Fleet.Tests.Configs;

public sealed class ApprovalPolicyTests
{
    [Fact]
    public void Two_distinct_approvers_other_than_the_author_activate_a_pending_revision()
    {
        Assert.Equal(ApprovalVerdict.Recorded, ApprovalPolicy.Approve(RevisionState.PendingApproval, "alice", [], "bob"));
        Assert.Equal(ApprovalVerdict.Activated, ApprovalPolicy.Approve(RevisionState.PendingApproval, "alice", ["bob"], "carol"));
    }

    [Fact]
    public void The_author_and_a_repeated_approver_do_not_count()
    {
        Assert.Equal(ApprovalVerdict.AuthorCannotApprove, ApprovalPolicy.Approve(RevisionState.PendingApproval, "alice", ["bob"], "alice"));
        Assert.Equal(ApprovalVerdict.AlreadyApproved, ApprovalPolicy.Approve(RevisionState.PendingApproval, "alice", ["bob"], "bob"));
    }

    [Fact]
    public void An_active_revision_takes_no_approvals() =>
        Assert.Equal(ApprovalVerdict.NotPending, ApprovalPolicy.Approve(RevisionState.Active, "alice", [], "bob"));
}
