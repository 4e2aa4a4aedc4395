using System.Text;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Upstream;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>TLS to a real Mosquitto: the CA file is what makes the broker trusted; mutual TLS sends the client certificate.</summary>
public class MqttTlsTests
{
    [Fact]
    public async Task Tls_with_the_ca_file_connects_and_without_it_is_refused()
    {
        string directory = Directory.CreateTempSubdirectory("edgesensors-mosquitto-").FullName;
        TestCertificates certs = await TestCertificates.CreateAsync(directory);
        await using var broker = await MosquittoBroker.StartAsync(
            $"allow_anonymous true\ncafile {certs.CaFile}\ncertfile {certs.ServerCert}\nkeyfile {certs.ServerKey}", directory: directory);

        await using var trusted = Tls(broker.Port, "gw-trusted", caFile: certs.CaFile);
        await using var untrusted = Tls(broker.Port, "gw-untrusted", caFile: null);
        trusted.Start();
        untrusted.Start();
        await trusted.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        await Eventually.WaitUntilAsync(() => untrusted.ConnectFailures > 0);

        Assert.Equal(PublishOutcome.Acknowledged, await trusted.PublishAsync("edgesensors/gw-trusted/telemetry", "{}"u8.ToArray(), false, CancellationToken.None));
        Assert.False(untrusted.IsConnected);
    }

    [Fact]
    public async Task Mutual_tls_requires_the_client_certificate()
    {
        string directory = Directory.CreateTempSubdirectory("edgesensors-mosquitto-").FullName;
        TestCertificates certs = await TestCertificates.CreateAsync(directory);
        await using var broker = await MosquittoBroker.StartAsync(
            $"allow_anonymous true\ncafile {certs.CaFile}\ncertfile {certs.ServerCert}\nkeyfile {certs.ServerKey}\nrequire_certificate true", directory: directory);

        await using var withCert = Tls(broker.Port, "gw-cert", certs.CaFile, certs.ClientCert, certs.ClientKey);
        await using var withoutCert = Tls(broker.Port, "gw-nocert", certs.CaFile);
        withCert.Start();
        withoutCert.Start();
        await withCert.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        await Eventually.WaitUntilAsync(() => withoutCert.ConnectFailures > 0);

        Assert.False(withoutCert.IsConnected);
        Assert.True(withCert.IsConnected);
    }

    private static MqttUpstream Tls(int port, string clientId, string? caFile, string? clientCert = null, string? clientKey = null) =>
        new(
            new MqttUpstreamSettings
            {
                Broker = new Uri($"mqtts://127.0.0.1:{port}"),
                ClientId = clientId,
                CaFile = caFile,
                ClientCertFile = clientCert,
                ClientKeyFile = clientKey,
                ReconnectMin = TimeSpan.FromMilliseconds(200),
                ReconnectMax = TimeSpan.FromSeconds(1),
            },
            $"edgesensors/{clientId}/status",
            () => Encoding.UTF8.GetBytes("{\"state\":\"online\"}"),
            Encoding.UTF8.GetBytes("{\"state\":\"offline\"}"));

}
