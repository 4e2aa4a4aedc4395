using System.Text;
using System.Text.Json;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Gateway.Configuration.Remote;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>A config from the fleet server: sealed, checked with the gateway's key and loader, written atomically, reported.</summary>
public sealed class RemoteConfigReceiverTests : IDisposable
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-remote-config-").FullName;
    private readonly string _configPath;
    private readonly string _original;

    public RemoteConfigReceiverTests()
    {
        _configPath = Path.Combine(_directory, "site.yaml");
        _original = WithKeyFile(File.ReadAllText(ConfigFiles.TankFarm));
        File.WriteAllText(_configPath, _original);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_sealed_valid_config_replaces_the_file_and_is_reported_applied_with_its_hash()
    {
        string body = _original.Replace("site: Simulated tank farm", "site: Remote tank farm", StringComparison.Ordinal);

        RemoteConfigOutcome outcome = Receiver().Receive(ConfigEnvelope.Seal(1, Encoding.UTF8.GetBytes(body), Key));

        Assert.True(outcome.Applied, outcome.Reason);
        Assert.False(outcome.AlreadyRunning);
        Assert.Equal(body, File.ReadAllText(_configPath));
        Assert.Equal(new AppliedRevision(1, Sha(body)), AppliedRevision.Load(_directory));
        using JsonDocument report = JsonDocument.Parse(outcome.Report);
        Assert.Equal(1, report.RootElement.GetProperty("revision").GetInt32());
        Assert.Equal(Sha(body), report.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("applied", report.RootElement.GetProperty("status").GetString());
        Assert.False(File.Exists(_configPath + ".tmp"));
    }

    [Fact]
    public void A_damaged_document_is_rejected_and_the_file_stays()
    {
        byte[] document = ConfigEnvelope.Seal(1, Encoding.UTF8.GetBytes(_original.Replace("unit_id: 6", "unit_id: 7", StringComparison.Ordinal)), Key);
        document[^5] ^= 0x20;

        RemoteConfigOutcome outcome = Receiver().Receive(document);

        AssertRejected(outcome, "CRC mismatch");
    }

    [Fact]
    public void A_document_sealed_with_another_key_is_rejected()
    {
        byte[] otherKey = [.. Key.Select(b => (byte)(b ^ 0xFF))];

        RemoteConfigOutcome outcome = Receiver().Receive(ConfigEnvelope.Seal(1, Encoding.UTF8.GetBytes(_original), otherKey));

        AssertRejected(outcome, "bad signature");
    }

    [Fact]
    public void A_config_the_gateway_loader_refuses_is_rejected_with_the_key_path()
    {
        string body = _original.Replace("unit_id: 6", "unit_id: 300", StringComparison.Ordinal);

        RemoteConfigOutcome outcome = Receiver().Receive(ConfigEnvelope.Seal(1, Encoding.UTF8.GetBytes(body), Key));

        AssertRejected(outcome, "invalid config: ");
        Assert.Contains("devices[5].unit_id: 300 is out of range", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, outcome.Revision);
        Assert.Equal(Sha(body), outcome.Sha256);
    }

    [Fact]
    public void A_config_for_another_gateway_or_without_the_key_file_is_rejected()
    {
        string renamed = _original.Replace("id: tank-farm-sim", "id: someone-else", StringComparison.Ordinal);
        AssertRejected(Receiver().Receive(ConfigEnvelope.Seal(1, Encoding.UTF8.GetBytes(renamed), Key)), "gateway.id 'someone-else' is not this gateway's id 'tank-farm-sim'");

        string keyless = File.ReadAllText(ConfigFiles.TankFarm);
        AssertRejected(Receiver().Receive(ConfigEnvelope.Seal(2, Encoding.UTF8.GetBytes(keyless), Key)), "upstream.config_key_file is missing");
    }

    [Fact]
    public void An_older_revision_is_refused_after_a_restart_and_a_redelivery_of_the_running_one_is_not_a_rejection()
    {
        string v3 = _original.Replace("backfill_rate: 200", "backfill_rate: 300", StringComparison.Ordinal);
        byte[] sealedV3 = ConfigEnvelope.Seal(3, Encoding.UTF8.GetBytes(v3), Key);
        Assert.True(Receiver().Receive(sealedV3).Applied);

        // A new receiver, as after a gateway restart: the applied revision comes from the data directory.
        RemoteConfigOutcome again = Receiver().Receive(sealedV3);
        Assert.True(again.Applied);
        Assert.True(again.AlreadyRunning);

        RemoteConfigOutcome replay = Receiver().Receive(ConfigEnvelope.Seal(2, Encoding.UTF8.GetBytes(_original), Key));
        Assert.False(replay.Applied);
        Assert.StartsWith("revision not newer", replay.Reason, StringComparison.Ordinal);
        Assert.Equal(v3, File.ReadAllText(_configPath));
    }

    [Fact]
    public void The_key_file_takes_64_hex_digits_or_32_raw_bytes_and_names_itself_otherwise()
    {
        string hex = Path.Combine(_directory, "hex.key");
        File.WriteAllText(hex, Convert.ToHexStringLower(Key) + "\n");
        string raw = Path.Combine(_directory, "raw.key");
        File.WriteAllBytes(raw, Key);
        string bad = Path.Combine(_directory, "bad.key");
        File.WriteAllText(bad, "abc");

        Assert.Equal(Key, ConfigKeyFile.Read(hex));
        Assert.Equal(Key, ConfigKeyFile.Read(raw));
        var ex = Assert.Throws<InvalidDataException>(() => ConfigKeyFile.Read(bad));
        Assert.Contains(bad, ex.Message, StringComparison.Ordinal);
        Assert.Contains("64 hex digits", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The example config with the key file line the remote config needs.</summary>
    internal static string WithKeyFile(string config) =>
        config.Replace("  keepalive_s: 30\n", "  keepalive_s: 30\n  config_key_file: config.key\n", StringComparison.Ordinal);

    private void AssertRejected(RemoteConfigOutcome outcome, string reason)
    {
        Assert.False(outcome.Applied);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(_original, File.ReadAllText(_configPath));
        using JsonDocument report = JsonDocument.Parse(outcome.Report);
        Assert.Equal("rejected", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(outcome.Reason, report.RootElement.GetProperty("reason").GetString());
    }

    private RemoteConfigReceiver Receiver() => new(_configPath, _directory, "tank-farm-sim", Key, ConfigFiles.Profiles);

    private static string Sha(string body) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}
