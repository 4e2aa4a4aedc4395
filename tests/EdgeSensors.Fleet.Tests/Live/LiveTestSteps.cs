using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>Steps the ack and history tests share: enrol a device through the API, poll the live view as the dashboard does.</summary>
internal static class LiveTestSteps
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Enrols <paramref name="requestedId"/> at the fleet's site and connects it to the embedded broker.</summary>
    public static async Task<(Guid RegistryId, AckDevice Device)> EnrolAndConnectAsync(EnrolmentFleet fleet, string requestedId)
    {
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        (string id, Guid registryId, string username, string password) = await EnrolAsync(admin, fleet.CreateClient(), await fleet.SiteIdAsync(), requestedId);
        return (registryId, await AckDevice.ConnectAsync(fleet.BrokerPort, id, username, password));
    }

    /// <summary>Makes a one-use token with <paramref name="admin"/> and enrols with it through <paramref name="anonymous"/> (disposed here).</summary>
    public static async Task<(string Id, Guid RegistryId, string Username, string Password)> EnrolAsync(HttpClient admin, HttpClient anonymous, Guid siteId, string requestedId)
    {
        using (anonymous)
        {
            using HttpResponseMessage created = await admin.PostAsJsonAsync("/api/enrolment-tokens", new { siteId, maxUses = 1 });
            string tokenBody = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"enrolment token: {(int)created.StatusCode} {tokenBody}");
            string token = JsonDocument.Parse(tokenBody).RootElement.GetProperty("token").GetString()!;
            using HttpResponseMessage response = await anonymous.PostAsJsonAsync("/api/enrol", new { token, kind = "gateway", requestedId });
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"enrol {requestedId}: {(int)response.StatusCode} {body}");
            JsonElement enrolled = JsonDocument.Parse(body).RootElement;
            JsonElement mqtt = enrolled.GetProperty("mqtt");
            return (enrolled.GetProperty("deviceId").GetString()!, enrolled.GetProperty("registryId").GetGuid(), mqtt.GetProperty("username").GetString()!,
                mqtt.GetProperty("password").GetString()!);
        }
    }

    /// <summary>Polls GET /api/devices/{id}/live until <paramref name="done"/> holds.</summary>
    public static async Task<JsonElement> WaitForLiveAsync(HttpClient client, Guid deviceId, Func<JsonElement, bool> done) =>
        await WaitForAsync(client, $"/api/devices/{deviceId}/live", done);

    /// <summary>Polls a GET until <paramref name="done"/> holds; fails with the last answer after <see cref="Patience"/>.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, string url, Func<JsonElement, bool> done)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        JsonElement last;
        do
        {
            last = await client.GetOkAsync(url);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"GET {url} did not reach the expected state in {Patience.TotalSeconds} s; last: {last}");
        return last;
    }

    public static JsonElement? Reading(JsonElement live, string tag) =>
        live.GetProperty("readings").EnumerateArray().Where(r => r.GetProperty("tag").GetString() == tag).Select(r => (JsonElement?)r).FirstOrDefault();

    public static JsonElement? Alarm(JsonElement live, string tag, string kind) =>
        live.GetProperty("alarms").EnumerateArray().Where(a => a.GetProperty("tag").GetString() == tag && a.GetProperty("kind").GetString() == kind)
            .Select(a => (JsonElement?)a).FirstOrDefault();
}
