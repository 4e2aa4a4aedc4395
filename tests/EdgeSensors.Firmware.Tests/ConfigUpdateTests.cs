using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Config.Hashing;
using EdgeSensors.Firmware.Tests.Support;

namespace EdgeSensors.Firmware.Tests;

/// <summary>Signed configs over MQTT: a good one is applied whole and reported; a tampered one is refused and the old one keeps running.</summary>
public sealed class ConfigUpdateTests
{
    private const string Desired = FirmwareRig.Prefix + "/config";
    private const string Reported = FirmwareRig.Prefix + "/config/reported";

    private const string H2sDevice = """
        ,{"name":"t101-h2s","unit":2,"poll_ms":500,"tags":[{"name":"concentration","register":40001,"scale":0.1,"unit":"ppm"}]}
        """;

    [Fact]
    public async Task A_signed_config_is_applied_and_a_tampered_one_is_rejected_with_the_old_one_kept()
    {
        await using FirmwareRig rig = await FirmwareRig.StartAsync(FirmwareRig.Config());
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Link.IsConnected, TimeSpan.FromSeconds(20), "the node to connect");

        byte[] body = Encoding.UTF8.GetBytes(FirmwareRig.Config(extraDevices: H2sDevice));
        await rig.Observer.PublishAsync(Desired, ConfigEnvelope.Seal(1, body, FirmwareRig.Key), retain: true);

        JsonElement applied = await ReportAsync(rig, "applied");
        Assert.Equal(1, applied.GetProperty("revision").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), applied.GetProperty("sha256").GetString());
        Assert.Equal(1, rig.Inspect(n => n.ConfigRevision));
        await FirmwareRig.WaitUntilAsync(() => Decoded.Readings(rig.Observer).Any(r => r.Reading.Tag == "t101-h2s/concentration"), TimeSpan.FromSeconds(10), "readings of the device the new config added");
        Assert.Equal("ppm", Decoded.Readings(rig.Observer).Last(r => r.Reading.Tag == "t101-h2s/concentration").Reading.Unit);

        // Revision 2, changed after sealing (a poll period), with the CRC fixed up as an attacker would: only the HMAC catches it.
        byte[] tampered = Tamper(ConfigEnvelope.Seal(2, Encoding.UTF8.GetBytes(FirmwareRig.Config(pollMs: 700, extraDevices: H2sDevice)), FirmwareRig.Key), "\"poll_ms\":700", "\"poll_ms\":100");
        await rig.Observer.PublishAsync(Desired, tampered, retain: true);

        JsonElement rejected = await ReportAsync(rig, "rejected");
        Assert.Equal(2, rejected.GetProperty("revision").GetInt32());
        Assert.Contains("HMAC-SHA256 does not match", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, rig.Inspect(n => n.ConfigRevision));
        Assert.Equal(500, rig.Inspect(n => n.Config.Devices[0].PollIntervalMs));
        long before = rig.Inspect(n => n.Scheduler.GetCounters(3).Ok);
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Scheduler.GetCounters(3).Ok) > before + 2, TimeSpan.FromSeconds(10), "revision 1 to keep polling the H2S detector");
        Assert.True(rig.Observer.Received.Last(m => m.Topic == Reported).Retain || rig.Observer.Received.Count(m => m.Topic == Reported) >= 2);
    }

    private static async Task<JsonElement> ReportAsync(FirmwareRig rig, string status)
    {
        JsonElement found = default;
        await FirmwareRig.WaitUntilAsync(
            () =>
            {
                foreach (byte[] payload in rig.Observer.On(Reported))
                {
                    JsonElement report = JsonDocument.Parse(payload).RootElement;
                    if (report.GetProperty("status").GetString() == status)
                    {
                        found = report;
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromSeconds(15),
            "a config report with status " + status + " on " + Reported);
        return found;
    }

    /// <summary>Replaces text in the body and rewrites the header's CRC-32 to match, leaving the HMAC as sealed.</summary>
    private static byte[] Tamper(byte[] sealedConfig, string from, string to)
    {
        string text = Encoding.UTF8.GetString(sealedConfig);
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        string[] header = text[..newline].Split(' ');
        string body = text[(newline + 1)..].Replace(from, to, StringComparison.Ordinal);
        Assert.Equal(from.Length, to.Length);
        byte[] bodyBytes = Encoding.UTF8.GetBytes(body);
        header[3] = Crc32.Compute(bodyBytes, 0, bodyBytes.Length).ToString("x8", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(string.Join(' ', header) + "\n" + body);
    }
}
