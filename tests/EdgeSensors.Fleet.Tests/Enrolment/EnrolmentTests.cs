using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace EdgeSensors.Fleet.Tests.Enrolment;

/// <summary>
/// Enrolment end to end on a real server (WebApplicationFactory) and its embedded broker: an admin makes a token, a
/// device enrols, logs in to MQTT with what it got and its telemetry reaches the server's consumer; tokens are used
/// atomically under concurrency; rotation and revocation take effect at the broker.
/// </summary>
public abstract class EnrolmentTests(EnrolmentFleet fleet)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task An_enrolled_device_logs_in_and_its_telemetry_reaches_the_server()
    {
        string token = await CreateTokenAsync(maxUses: 1);

        JsonElement enrolled = await EnrolOkAsync(token, "gw-e2e-01", "SN-0001");

        Assert.Equal("gw-e2e-01", enrolled.GetProperty("deviceId").GetString());
        Assert.Equal(await fleet.SiteIdAsync(), enrolled.GetProperty("siteId").GetGuid());
        Assert.Equal(32, Convert.FromBase64String(enrolled.GetProperty("configKey").GetString()!).Length);
        JsonElement mqtt = enrolled.GetProperty("mqtt");
        Assert.Equal(fleet.BrokerPort, mqtt.GetProperty("port").GetInt32());
        Assert.Equal("edgesensors", mqtt.GetProperty("topicPrefix").GetString());
        Assert.Equal("gw-e2e-01", mqtt.GetProperty("clientId").GetString());
        Assert.Equal($"mqtt://localhost:{fleet.BrokerPort}", mqtt.GetProperty("broker").GetString());

        await using TestClient device = await TestClient.ConnectAsync(fleet.BrokerPort, "gw-e2e-01", mqtt.GetProperty("username").GetString(), mqtt.GetProperty("password").GetString());
        Assert.True((await device.PublishAsync("edgesensors/gw-e2e-01/telemetry", "{\"schema\":1}")).IsSuccess);

        // The server's consumer (shared subscription) handled it: the registry's last-seen time is set.
        Guid registryId = enrolled.GetProperty("registryId").GetGuid();
        DateTime deadline = DateTime.UtcNow + Wait;
        DateTime? lastSeen = null;
        while (lastSeen is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            lastSeen = await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Devices.AsNoTracking()
                .Where(d => d.Id == registryId).Select(d => d.LastSeenAt).SingleAsync());
        }

        Assert.NotNull(lastSeen);
    }

    [SkippableFact]
    public async Task The_device_record_holds_the_reported_versions_and_only_the_password_hash()
    {
        JsonElement enrolled = await EnrolOkAsync(await CreateTokenAsync(), "gw-versions", "SN-V");
        string password = enrolled.GetProperty("mqtt").GetProperty("password").GetString()!;
        Guid registryId = enrolled.GetProperty("registryId").GetGuid();

        var (device, credential) = await fleet.InSystemScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FleetDbContext>();
            return (await db.Devices.AsNoTracking().SingleAsync(d => d.Id == registryId),
                await db.Set<DeviceCredential>().AsNoTracking().SingleAsync(c => c.DeviceId == registryId));
        });

        Assert.Equal(("hw-1.2", "fw-3.4", "sw-5.6", "SN-V"), (device.HardwareVersion, device.FirmwareVersion, device.SoftwareVersion, device.SerialNumber));
        Assert.NotEqual(password, credential.PasswordHash);
        Assert.Equal(EdgeSensors.Fleet.Broker.Access.DeviceSecret.Hash(password), credential.PasswordHash);
    }

    [SkippableFact]
    public async Task A_single_use_token_enrols_one_device_only()
    {
        string token = await CreateTokenAsync(maxUses: 1);
        await EnrolOkAsync(token, "gw-single-a", null);

        using HttpResponseMessage second = await EnrolAsync(token, "gw-single-b", null);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("used up", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_multi_use_token_is_used_exactly_its_count_under_concurrency()
    {
        const int Uses = 5;
        string token = await CreateTokenAsync(maxUses: Uses);

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => EnrolAsync(token, $"gw-race-{i:00}", null)));

        Assert.Equal(Uses, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        int used = await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Set<EnrolmentToken>().AsNoTracking()
            .Where(t => t.TokenHash == global::EdgeSensors.Fleet.Identity.BearerTokens.Hash(token)).Select(t => t.Uses).SingleAsync());
        Assert.Equal(Uses, used);
        foreach (HttpResponseMessage response in responses)
        {
            response.Dispose();
        }
    }

    [SkippableFact]
    public async Task An_expired_token_is_refused_with_the_reason()
    {
        string token = await CreateTokenAsync();
        await fleet.InSystemScopeAsync(s => s.GetRequiredService<FleetDbContext>().Set<EnrolmentToken>()
            .Where(t => t.TokenHash == global::EdgeSensors.Fleet.Identity.BearerTokens.Hash(token))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        using HttpResponseMessage response = await EnrolAsync(token, "gw-late", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unknown_or_revoked_token_is_refused()
    {
        using HttpResponseMessage unknown = await EnrolAsync("esen_not-a-real-token", "gw-nobody", null);
        string token = await CreateTokenAsync();
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        Guid id = (await ListTokensAsync()).Single(t => t.GetProperty("uses").GetInt32() == 0 && t.GetProperty("revokedAt").ValueKind == JsonValueKind.Null
            && t.GetProperty("expiresAt").GetDateTime() > DateTime.UtcNow.AddHours(23)).GetProperty("id").GetGuid();
        (await admin.DeleteAsync($"/api/enrolment-tokens/{id}")).EnsureSuccessStatusCode();

        using HttpResponseMessage revoked = await EnrolAsync(token, "gw-revoked-token", null);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_taken_device_id_is_refused_and_the_token_use_is_given_back()
    {
        await EnrolOkAsync(await CreateTokenAsync(), "gw-taken", null);
        string token = await CreateTokenAsync(maxUses: 1);

        using HttpResponseMessage taken = await EnrolAsync(token, "gw-taken", null);
        JsonElement other = await EnrolOkAsync(token, "gw-not-taken", null);

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("gw-not-taken", other.GetProperty("deviceId").GetString());
    }

    [SkippableFact]
    public async Task Rotation_issues_a_new_password_and_the_old_one_is_refused_after_it()
    {
        JsonElement first = await EnrolOkAsync(await CreateTokenAsync(), "gw-rotate", null);
        string oldPassword = first.GetProperty("mqtt").GetProperty("password").GetString()!;
        Guid registryId = first.GetProperty("registryId").GetGuid();
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);

        using HttpResponseMessage rotate = await admin.PostAsJsonAsync($"/api/devices/{registryId}/credentials/rotate", new { expiresInHours = 2 });
        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        string rekeyToken = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        await using (TestClient stillValid = await TestClient.ConnectAsync(fleet.BrokerPort, "gw-rotate", "gw-rotate", oldPassword))
        {
            Assert.True(stillValid.IsConnected); // until the device re-enrols, it keeps reporting
        }

        JsonElement second = await EnrolOkAsync(rekeyToken, null, null);
        string newPassword = second.GetProperty("mqtt").GetProperty("password").GetString()!;

        Assert.Equal("gw-rotate", second.GetProperty("deviceId").GetString());
        Assert.Equal(registryId, second.GetProperty("registryId").GetGuid());
        Assert.Equal(2, second.GetProperty("generation").GetInt32());
        Assert.Equal(first.GetProperty("configKey").GetString(), second.GetProperty("configKey").GetString());
        (TestClient? refused, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(fleet.BrokerPort, "gw-rotate", "gw-rotate", oldPassword);
        Assert.Null(refused);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
        await using TestClient renewed = await TestClient.ConnectAsync(fleet.BrokerPort, "gw-rotate", "gw-rotate", newPassword);
        Assert.True(renewed.IsConnected);
        using HttpResponseMessage reused = await EnrolAsync(rekeyToken, null, null);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
    }

    [SkippableFact]
    public async Task Revocation_disconnects_the_device_and_refuses_it_afterwards()
    {
        JsonElement enrolled = await EnrolOkAsync(await CreateTokenAsync(), "gw-revoke", null);
        string password = enrolled.GetProperty("mqtt").GetProperty("password").GetString()!;
        await using TestClient device = await TestClient.ConnectAsync(fleet.BrokerPort, "gw-revoke", "gw-revoke", password);
        Task dropped = device.WaitDisconnectedAsync(Wait);
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);

        using HttpResponseMessage revoke = await admin.PostAsync($"/api/devices/{enrolled.GetProperty("registryId").GetGuid()}/credentials/revoke", null);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await dropped;
        (TestClient? again, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(fleet.BrokerPort, "gw-revoke", "gw-revoke", password);
        Assert.Null(again);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [SkippableFact]
    public async Task Only_admins_manage_tokens_and_credentials()
    {
        using HttpClient technician = fleet.ClientWithToken(fleet.TechnicianToken);
        using HttpClient anonymous = fleet.CreateClient();

        using HttpResponseMessage create = await technician.PostAsJsonAsync("/api/enrolment-tokens", new { siteId = await fleet.SiteIdAsync() });
        using HttpResponseMessage list = await anonymous.GetAsync("/api/enrolment-tokens");
        using HttpResponseMessage revoke = await technician.PostAsync($"/api/devices/{Guid.NewGuid()}/credentials/revoke", null);

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
    }

    [SkippableTheory]
    [InlineData("{\"token\":\"esen_x\",\"kind\":\"gateway\",\"requestedId\":\"gw-a\",\"colour\":\"red\"}")]
    [InlineData("{\"token\":\"esen_x\",\"kind\":\"toaster\"}")]
    [InlineData("{\"token\":42,\"kind\":\"gateway\"}")]
    [InlineData("{\"token\":\"esen_x\",\"kind\":\"gateway\",\"requestedId\":\"../etc\"}")]
    [InlineData("{\"token\":\"esen_x\",\"kind\":\"gateway\"")]
    [InlineData("{\"kind\":\"gateway\"}")]
    public async Task Malformed_enrolments_get_a_400_problem(string body)
    {
        using HttpClient client = fleet.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("/api/enrol", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> CreateTokenAsync(int maxUses = 1)
    {
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        using HttpResponseMessage response = await admin.PostAsJsonAsync("/api/enrolment-tokens", new { siteId = await fleet.SiteIdAsync(), maxUses, expiresInHours = 24 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.StartsWith(EnrolmentRules.TokenPrefix, token, StringComparison.Ordinal);
        return token;
    }

    private async Task<JsonElement[]> ListTokensAsync()
    {
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        return (await admin.GetFromJsonAsync<JsonElement>("/api/enrolment-tokens")).EnumerateArray().ToArray();
    }

    private async Task<HttpResponseMessage> EnrolAsync(string token, string? requestedId, string? serial)
    {
        using HttpClient client = fleet.CreateClient();
        return await client.PostAsJsonAsync("/api/enrol", new
        {
            token,
            kind = "gateway",
            requestedId,
            serialNumber = serial,
            hardwareVersion = "hw-1.2",
            firmwareVersion = "fw-3.4",
            softwareVersion = "sw-5.6",
        });
    }

    private async Task<JsonElement> EnrolOkAsync(string token, string? requestedId, string? serial)
    {
        using HttpResponseMessage response = await EnrolAsync(token, requestedId, serial);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"enrol {requestedId}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

public sealed class SqliteEnrolmentTests(SqliteEnrolmentFleet fleet) : EnrolmentTests(fleet), IClassFixture<SqliteEnrolmentFleet>;

public sealed class PostgresEnrolmentTests(PostgresEnrolmentFleet fleet) : EnrolmentTests(fleet), IClassFixture<PostgresEnrolmentFleet>;
