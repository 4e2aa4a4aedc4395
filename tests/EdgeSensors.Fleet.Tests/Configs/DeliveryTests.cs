using System.Text;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Revisions;

namespace EdgeSensors.Fleet.Tests.Configs;

public sealed class DeliveryTests
{
    private static readonly string ShaA = Sha256Text.Of("a: 1\n");
    private static readonly string ShaB = Sha256Text.Of("a: 2\n");

    [Fact]
    public void Sha256_is_lowercase_hex_of_the_utf8_body() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256Text.Of(string.Empty));

    [Fact]
    public void A_report_is_parsed_strictly()
    {
        ConfigReport? report = ConfigReport.TryParse(Encoding.UTF8.GetBytes($"{{\"revision\":7,\"sha256\":\"{ShaA}\",\"status\":\"rejected\",\"reason\":\"bad\"}}"), out string? error);

        Assert.Null(error);
        Assert.Equal(new ConfigReport(7, ShaA, "rejected", "bad"), report);
        Assert.Null(ConfigReport.TryParse("{\"revision\":7,\"sha256\":\"XYZ\",\"status\":\"applied\"}"u8, out error));
        Assert.Contains("sha256", error, StringComparison.Ordinal);
        Assert.Null(ConfigReport.TryParse("{\"revision\":-1}"u8, out error));
        Assert.Contains("revision", error, StringComparison.Ordinal);
        Assert.Null(ConfigReport.TryParse(Encoding.UTF8.GetBytes($"{{\"revision\":1,\"sha256\":\"{ShaA}\",\"status\":\"done\"}}"), out error));
        Assert.Contains("status", error, StringComparison.Ordinal);
        Assert.Null(ConfigReport.TryParse("{not json"u8, out error));
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 0, "", "", DriftState.Unmanaged)]
    [InlineData(true, 0, "", "", DriftState.Pending)]
    [InlineData(true, 4, "A", "applied", DriftState.Pending)]
    [InlineData(true, 5, "A", "applied", DriftState.InSync)]
    [InlineData(true, 5, "A", "rejected", DriftState.Rejected)]
    [InlineData(true, 5, "B", "applied", DriftState.Drifted)]
    [InlineData(true, 6, "B", "applied", DriftState.Drifted)]
    public void Drift_compares_desired_revision_and_hash_with_the_report(bool managed, long reportedRevision, string sha, string status, DriftState expected)
    {
        DesiredConfig? desired = managed ? new DesiredConfig(5, ShaA) : null;
        ConfigReport? reported = reportedRevision == 0 ? null : new ConfigReport(reportedRevision, sha == "A" ? ShaA : ShaB, status, null);

        Assert.Equal(expected, Drift.Of(desired, reported));
    }

    [Theory]
    [InlineData("A", "revision not newer: 5 is not after the running 5", DriftState.InSync)]
    [InlineData("B", "revision not newer: 5 is not after the running 5", DriftState.Rejected)]
    [InlineData("A", "bad signature", DriftState.Rejected)]
    public void A_resend_refused_as_not_newer_is_in_sync_only_when_the_device_runs_that_very_body(string sha, string reason, DriftState expected)
    {
        var desired = new DesiredConfig(5, ShaA);
        var reported = new ConfigReport(5, sha == "A" ? ShaA : ShaB, ConfigReport.Rejected, reason);

        Assert.Equal(expected, Drift.Of(desired, reported));
    }

    [Fact]
    public void The_site_summary_counts_every_state()
    {
        IReadOnlyDictionary<DriftState, int> summary = Drift.Summary([DriftState.InSync, DriftState.InSync, DriftState.Rejected]);

        Assert.Equal(2, summary[DriftState.InSync]);
        Assert.Equal(1, summary[DriftState.Rejected]);
        Assert.Equal(0, summary[DriftState.Drifted]);
        Assert.Equal(Enum.GetValues<DriftState>().Length, summary.Count);
    }

    [Fact]
    public void Topics_are_the_agreed_ones_and_a_report_topic_names_one_device()
    {
        Assert.Equal("acme/site-3/gw-1/config", ConfigTopics.Desired("acme/site-3", "gw-1"));
        Assert.Equal("acme/site-3/gw-1/config/reported", ConfigTopics.Reported("acme/site-3", "gw-1"));
        Assert.Equal("gw-1", ConfigTopics.DeviceOfReport("acme/site-3", "acme/site-3/gw-1/config/reported"));
        Assert.Null(ConfigTopics.DeviceOfReport("acme/site-3", "acme/site-3/a/b/config/reported"));
        Assert.Null(ConfigTopics.DeviceOfReport("acme/site-3", "acme/site-3/gw-1/config"));
    }
}
