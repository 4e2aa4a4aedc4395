using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Tests.Enrolment;

/// <summary>The fleet server with its embedded broker on TLS only (plain listener off), with a test CA's certificate.</summary>
public abstract class TlsOnlyBrokerFleet(DatabaseProvider provider) : FleetFixture(provider), IDisposable
{
    public TestCertificates Certificates { get; } = TestCertificates.Create();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:Broker:PlainEnabled"] = "false",
        ["Fleet:Broker:TlsPort"] = "0",
        ["Fleet:Broker:TlsCertificatePath"] = Certificates.ServerPem,
        ["Fleet:Broker:TlsPrivateKeyPath"] = Certificates.ServerKey,
    };

    public void Dispose()
    {
        Certificates.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteTlsOnlyBrokerFleet() : TlsOnlyBrokerFleet(DatabaseProvider.Sqlite);

public sealed class PostgresTlsOnlyBrokerFleet() : TlsOnlyBrokerFleet(DatabaseProvider.PostgreSQL);

/// <summary>
/// With only the TLS listener on: enrolment sends devices to mqtts and the TLS port, a device that trusts the CA logs
/// in there, and the server's own consumer (over TLS, pinning the broker's certificate) still handles its telemetry.
/// </summary>
public abstract class TlsBrokerTests(TlsOnlyBrokerFleet fleet)
{
    [SkippableFact]
    public async Task An_enrolled_device_uses_mqtts_and_its_telemetry_reaches_the_server_over_tls()
    {
        var broker = fleet.Factory.Services.GetRequiredService<EmbeddedFleetBroker>();
        Assert.Equal(0, broker.Port);
        Assert.True(broker.TlsPort > 0);

        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var site = await admin.PostOkAsync("/api/sites", new { name = "TLS farm" });
        var token = (await admin.PostOkAsync("/api/enrolment-tokens", new { siteId = site.Id(), maxUses = 1, expiresInHours = 1 })).GetProperty("token").GetString();
        using var anonymous = fleet.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/enrol", new { token, kind = "gateway", requestedId = "gw-tls-01" });
        var enrolled = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, enrolled.ToString());
        JsonElement mqtt = enrolled.GetProperty("mqtt");
        Assert.Equal(broker.TlsPort, mqtt.GetProperty("port").GetInt32());
        Assert.StartsWith("mqtts://", mqtt.GetProperty("broker").GetString(), StringComparison.Ordinal);

        using var device = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.TlsPort).WithClientId("gw-tls-01")
            .WithCredentials(mqtt.GetProperty("username").GetString(), mqtt.GetProperty("password").GetString())
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(15))
            .WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(e => fleet.Certificates.Trusts(e.Certificate)))
            .Build();
        Assert.Equal(MqttClientConnectResultCode.Success, (await device.ConnectAsync(options)).ResultCode);
        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("edgesensors/gw-tls-01/telemetry").WithPayload("{\"schema\":1}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Guid registryId = enrolled.GetProperty("registryId").GetGuid();
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        DateTime? lastSeen = null;
        while (lastSeen is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            lastSeen = await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Devices.AsNoTracking()
                .Where(d => d.Id == registryId).Select(d => d.LastSeenAt).SingleAsync());
        }

        Assert.NotNull(lastSeen);
    }
}

public sealed class SqliteTlsBrokerTests(SqliteTlsOnlyBrokerFleet fleet) : TlsBrokerTests(fleet), IClassFixture<SqliteTlsOnlyBrokerFleet>;

public sealed class PostgresTlsBrokerTests(PostgresTlsOnlyBrokerFleet fleet) : TlsBrokerTests(fleet), IClassFixture<PostgresTlsOnlyBrokerFleet>;
