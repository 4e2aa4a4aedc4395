using System.Text;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Config.Wire;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Enrolment;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Configuration.Remote;

/// <summary>
/// Takes a config the fleet server published on {prefix}/{gateway}/config: opens the sealed envelope with the gateway's
/// config key (integrity, signature, revision newer than the one applied), validates the YAML with the same loader as
/// `check-config` and hot reload, refuses a config for another gateway id, then replaces the config file atomically so
/// hot reload applies it. Anything refused leaves the file, and so the running config, untouched.
/// </summary>
public sealed class RemoteConfigReceiver(string configPath, string dataDirectory, string gatewayId, byte[] key, IReadOnlyList<DeviceProfile> profiles)
{
    private const int MaxReasonErrors = 5;
    private readonly Lock _gate = new();
    private readonly ConfigReportEncoder _reports = new();
    private readonly byte[] _reportBuffer = new byte[8192];

    public RemoteConfigOutcome Receive(byte[] document)
    {
        lock (_gate)
        {
            AppliedRevision running = AppliedRevision.Load(dataDirectory);
            ConfigEnvelopeResult opened = ConfigEnvelope.Open(document, document.Length, key, running.Revision);
            if (!opened.Ok)
            {
                bool redelivery = opened.RejectReason == ConfigRejectReason.RevisionNotNewer
                    && opened.Revision == running.Revision && opened.BodySha256Hex == running.Sha256;
                return redelivery
                    ? Outcome(applied: true, alreadyRunning: true, running.Revision, running.Sha256, string.Empty)
                    : Outcome(applied: false, alreadyRunning: false, opened.Revision, opened.BodySha256Hex, opened.RejectText);
            }

            byte[] body = opened.CopyBody();
            string yaml;
            try
            {
                yaml = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return Outcome(false, false, opened.Revision, opened.BodySha256Hex, "invalid config: the body is not UTF-8 text; publish the YAML site config as UTF-8");
            }

            ConfigResult result = SiteConfigLoader.Parse(yaml, configPath, profiles);
            if (!result.IsValid)
            {
                string errors = string.Join("; ", result.Errors.Take(MaxReasonErrors).Select(e => e.ToString()));
                string more = result.Errors.Length > MaxReasonErrors ? $" (and {result.Errors.Length - MaxReasonErrors} more)" : string.Empty;
                return Outcome(false, false, opened.Revision, opened.BodySha256Hex, $"invalid config: {errors}{more}");
            }

            if (result.Config.Gateway.Id != gatewayId)
            {
                return Outcome(false, false, opened.Revision, opened.BodySha256Hex,
                    $"invalid config: gateway.id '{result.Config.Gateway.Id}' is not this gateway's id '{gatewayId}'; a config cannot rename the gateway it is sent to (its topics would change), enrol it again instead");
            }

            // An enrolled gateway verifies with DATA_DIR/config.key whatever the YAML says; others need the key named.
            if (result.Config.Upstream?.ConfigKeyFile is null && !File.Exists(Path.Combine(dataDirectory, EnrolledIdentity.ConfigKeyFileName)))
            {
                return Outcome(false, false, opened.Revision, opened.BodySha256Hex,
                    "invalid config: upstream.config_key_file is missing and the gateway is not enrolled (no DATA_DIR/config.key), so it would stop taking configs from the fleet server; keep upstream.config_key_file in the config");
            }

            AtomicFile.Write(configPath, body);
            var applied = new AppliedRevision(opened.Revision, opened.BodySha256Hex);
            applied.Save(dataDirectory);
            return Outcome(true, false, applied.Revision, applied.Sha256, string.Empty);
        }
    }

    private RemoteConfigOutcome Outcome(bool applied, bool alreadyRunning, int revision, string sha256, string reason)
    {
        int length = _reports.Encode(revision, sha256, applied, reason, _reportBuffer, 0);
        if (length < 0)
        {
            // A reason too long for the buffer: keep its start, so the report still goes out.
            reason = reason[..Math.Min(reason.Length, 2000)];
            length = _reports.Encode(revision, sha256, applied, reason, _reportBuffer, 0);
        }

        return new RemoteConfigOutcome(applied, alreadyRunning, revision, sha256, reason, _reportBuffer[..length]);
    }
}
