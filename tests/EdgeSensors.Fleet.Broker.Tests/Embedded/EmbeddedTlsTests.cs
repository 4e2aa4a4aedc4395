using System.Diagnostics;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Broker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker.Tests.Embedded;

/// <summary>
/// The embedded broker's TLS listener with a configured certificate (PEM or PKCS#12), with and without the plain
/// listener, against real clients: MQTTnet over TLS and mosquitto_sub --cafile.
/// </summary>
public sealed class EmbeddedTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly TestDeviceRegistry _registry = new();

    [Fact]
    public async Task With_the_plain_listener_off_a_device_connects_over_tls_and_the_server_side_receives_its_telemetry()
    {
        var options = new FleetBrokerOptions
        {
            BindAddress = "127.0.0.1",
            PlainEnabled = false,
            TlsPort = 0,
            InternalPassword = "internal-test-password",
            TlsCertificatePath = _certificates.ServerPem,
            TlsPrivateKeyPath = _certificates.ServerKey,
        };
        await using var broker = await StartAsync(options);
        Assert.Equal(0, broker.Port);
        Assert.True(broker.TlsPort > 0);

        var credential = new InternalCredential(options);
        using var backend = await ConnectAsync(broker.TlsPort, "backend", credential.Username, credential.Password, e => _certificates.Trusts(e.Certificate));
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.Topic + " " + e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await backend.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edgesensors/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());

        string password = _registry.Enrol("gw-tls-1");
        using var device = await ConnectAsync(broker.TlsPort, "gw-tls-1", "gw-tls-1", password, e => _certificates.Trusts(e.Certificate));
        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("edgesensors/gw-tls-1/telemetry").WithPayload("{\"v\":1}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal("edgesensors/gw-tls-1/telemetry {\"v\":1}", await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        // A client that does not trust the CA refuses the broker; so does MQTTnet's default validation (the CA is not in the system store).
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(broker.TlsPort, "gw-tls-2", "gw-tls-1", password, _ => false));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(broker.TlsPort, "gw-tls-3", "gw-tls-1", password, null));
    }

    [Fact]
    public async Task A_pfx_certificate_serves_mosquitto_sub_with_cafile_beside_the_plain_listener()
    {
        var options = new FleetBrokerOptions
        {
            BindAddress = "127.0.0.1",
            Port = 0,
            TlsPort = 0,
            InternalPassword = "internal-test-password",
            TlsCertificatePath = _certificates.ServerPfx,
            TlsCertificatePassword = TestCertificates.PfxPassword,
        };
        await using var broker = await StartAsync(options);
        Assert.True(broker.Port > 0 && broker.TlsPort > 0 && broker.Port != broker.TlsPort);

        // The server publishes a device's retained desired config over the plain listener ...
        var credential = new InternalCredential(options);
        using (var server = await ConnectAsync(broker.Port, "server", credential.Username, credential.Password, null, tls: false))
        {
            await server.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("edgesensors/gw-tls-9/config").WithPayload("ESCFG1-test")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build());
        }

        // ... and the device, with mosquitto_sub over TLS trusting only ca.pem, receives it.
        string password = _registry.Enrol("gw-tls-9");
        var start = new ProcessStartInfo("mosquitto_sub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-h", "127.0.0.1", "-p", broker.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cafile", _certificates.CaPem,
                "-i", "gw-tls-9", "-u", "gw-tls-9", "-P", password, "-V", "mqttv5", "-t", "edgesensors/gw-tls-9/config", "-C", "1", "-W", "30",
            },
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("mosquitto_sub is not installed (apt-get install mosquitto-clients); tests/run-all.sh installs it.", ex);
        }

        using (process)
        {
            string output = await process.StandardOutput.ReadToEndAsync();
            string error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"mosquitto_sub exit {process.ExitCode}: {error}");
            Assert.Equal("ESCFG1-test", output.Trim());
        }
    }

    [Fact]
    public async Task A_tls_port_without_a_certificate_or_no_listener_at_all_is_refused_with_the_key_to_set()
    {
        var noCertificate = new FleetBrokerOptions { BindAddress = "127.0.0.1", Port = 0, TlsPort = 0 };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartAsync(noCertificate));
        Assert.Contains("Fleet:Broker:TlsCertificatePath", error.Message, StringComparison.Ordinal);

        var nothing = new FleetBrokerOptions { BindAddress = "127.0.0.1", PlainEnabled = false };
        error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartAsync(nothing));
        Assert.Contains("Fleet:Broker:TlsPort", error.Message, StringComparison.Ordinal);
    }

    private async Task<EmbeddedFleetBroker> StartAsync(FleetBrokerOptions options)
    {
        var services = new ServiceCollection().AddSingleton<IDeviceAuthenticator>(_registry).BuildServiceProvider();
        var broker = new EmbeddedFleetBroker(options, new InternalCredential(options), services.GetRequiredService<IServiceScopeFactory>(), NullLogger<EmbeddedFleetBroker>.Instance);
        await broker.StartAsync(CancellationToken.None);
        return broker;
    }

    private static async Task<IMqttClient> ConnectAsync(int port, string clientId, string username, string password,
        Func<MqttClientCertificateValidationEventArgs, bool>? validate, bool tls = true)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(15));
        if (tls)
        {
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls();
                if (validate is not null)
                {
                    o.WithCertificateValidationHandler(validate);
                }
            });
        }

        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(builder.Build());
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose() => _certificates.Dispose();
}
