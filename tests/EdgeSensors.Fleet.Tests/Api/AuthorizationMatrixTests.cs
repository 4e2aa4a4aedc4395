using System.Net;
using System.Text;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Api;

/// <summary>
/// Every mapped endpoint (read from the server, so new ones are included) x every role x another tenant: the role
/// gets exactly what the permission table allows, and another tenant can neither read nor change anything.
/// </summary>
public abstract class AuthorizationMatrixTests(FleetFixture fleet)
{
    /// <summary>The endpoints meant to answer without a user session or API key ("METHOD pattern").</summary>
    private static readonly HashSet<string> OpenEndpoints = ["POST /api/auth/sign-in", "GET /healthz", "POST /api/enrol"];

    private IReadOnlyList<ApiEndpoint> Endpoints => EndpointCatalog.All(fleet.Factory.Services);

    [SkippableFact]
    public void The_catalogue_sees_the_api_and_every_policy_is_in_the_permission_table()
    {
        var endpoints = Endpoints;
        Assert.True(endpoints.Count(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal)) >= 30, string.Join("\n", endpoints));
        foreach (var endpoint in endpoints)
        {
            foreach (var permission in endpoint.Permissions)
            {
                Assert.Contains(permission, RolePermissions.All);
            }

            // Only the endpoints listed in OpenEndpoints are anonymous; /api/auth/* needs a session but no permission;
            // everything else names a permission, and a change never needs only the read permission.
            var open = OpenEndpoints.Contains(endpoint.ToString()) || endpoint.Pattern.StartsWith("/openapi/", StringComparison.Ordinal);
            Assert.True(endpoint.Anonymous == open, $"{endpoint}: anonymous={endpoint.Anonymous}, but it is {(open ? "" : "not ")}in OpenEndpoints; " +
                "an endpoint meant for callers without a user session (e.g. a device enrolling with its token) goes into that list.");
            if (!open && !endpoint.Pattern.StartsWith("/api/auth/", StringComparison.Ordinal))
            {
                Assert.True(endpoint.Permissions.Count > 0, $"{endpoint} names no permission; add .RequireAuthorization(Permissions.X).");
                Assert.True(endpoint.Method == "GET" || endpoint.Permissions.Any(p => p != Permissions.RegistryRead),
                    $"{endpoint} changes data with only {Permissions.RegistryRead}.");
            }
        }
    }

    [SkippableFact]
    public async Task Without_credentials_every_protected_endpoint_answers_401_problem()
    {
        var probe = await ProbeData.CreateAsync(fleet, fleet.Alpha);
        using var anonymous = fleet.CreateClient();
        using var badToken = fleet.ClientWithToken("essn_not-a-real-session");
        foreach (var endpoint in Endpoints.Where(e => !e.Anonymous))
        {
            foreach (var client in new[] { anonymous, badToken })
            {
                using var response = await SendAsync(client, endpoint, probe);
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            }
        }
    }

    [SkippableFact]
    public async Task Each_role_gets_exactly_what_the_permission_table_allows()
    {
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<FleetRole>())
        {
            var probe = await ProbeData.CreateAsync(fleet, fleet.Alpha);
            using var client = fleet.ClientWithToken(await ProbeData.SignInAsync(fleet, fleet.Alpha, role));
            foreach (var endpoint in Endpoints.Where(e => !e.Anonymous))
            {
                using var response = await SendAsync(client, endpoint, probe);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                if (!endpoint.Allows(role) && status != 403)
                {
                    failures.Add($"{role} {endpoint}: expected 403 (lacks {string.Join(", ", endpoint.Permissions)}), got {status} {body}");
                }
                else if (endpoint.Allows(role) && (status is 401 or 403 || status >= 500))
                {
                    failures.Add($"{role} {endpoint}: allowed, yet got {status} {body}");
                }
                else if (status == 403 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{role} {endpoint}: 403 without a problem body");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task Another_tenant_can_neither_read_nor_change_anything()
    {
        var alpha = await ProbeData.CreateAsync(fleet, fleet.Alpha);
        var alphaAdmin = await ProbeData.SignInAsync(fleet, fleet.Alpha, FleetRole.Admin);
        var before = await ProbeData.SnapshotAsync(fleet, fleet.Alpha, alphaAdmin);
        Assert.Contains(alpha.Marker, before, StringComparison.Ordinal); // the snapshot does show alpha's data to alpha

        var failures = new List<string>();
        foreach (var role in Enum.GetValues<FleetRole>())
        {
            using var beta = fleet.ClientWithToken(await ProbeData.SignInAsync(fleet, fleet.Beta, role));
            foreach (var endpoint in Endpoints.Where(e => !e.Anonymous))
            {
                var (response, requestText) = await SendWithTextAsync(beta, endpoint, alpha);
                using (response)
                {
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    if (status >= 500)
                    {
                        failures.Add($"beta {role} {endpoint}: {status} {body}");
                    }

                    if (endpoint.Parameters.Count > 0 && status < 400)
                    {
                        failures.Add($"beta {role} {endpoint} with alpha's ids: {status}, expected a 4xx: {body}");
                    }

                    if (body.Contains("alpha-secret", StringComparison.Ordinal))
                    {
                        failures.Add($"beta {role} {endpoint}: the answer shows alpha's data: {body}");
                    }

                    foreach (var id in alpha.Ids.Where(id => !requestText.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)))
                    {
                        if (body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase))
                        {
                            failures.Add($"beta {role} {endpoint}: the answer names alpha's id {id}: {body}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await ProbeData.SnapshotAsync(fleet, fleet.Alpha, alphaAdmin));
    }

    [SkippableFact]
    public async Task A_device_of_another_tenant_is_not_found_by_any_device_endpoint()
    {
        // Stricter than "a 4xx" above for the endpoints that act on one device (live data, acknowledging its alarms,
        // credentials): a device of another tenant is indistinguishable from a missing one, for every role that may call it.
        var alpha = await ProbeData.CreateAsync(fleet, fleet.Alpha);
        var failures = new List<string>();
        var deviceEndpoints = Endpoints.Where(e => !e.Anonymous && e.Parameters.Contains("deviceId") && e.Parameters.Count == 1 && e.Method is "GET" or "POST").ToList();
        Assert.Contains(deviceEndpoints, e => e.ToString() == "POST /api/devices/{deviceId:guid}/alarms/ack");
        foreach (var role in Enum.GetValues<FleetRole>())
        {
            using var beta = fleet.ClientWithToken(await ProbeData.SignInAsync(fleet, fleet.Beta, role));
            foreach (var endpoint in deviceEndpoints.Where(e => e.Allows(role)))
            {
                using var response = await SendAsync(beta, endpoint, alpha);
                var body = await response.Content.ReadAsStringAsync();

                // The walk fills route and body, not required query values (config/diff's from/to): that 400 comes before any lookup.
                var unfilledQuery = response.StatusCode == HttpStatusCode.BadRequest && body.Contains("from query string", StringComparison.Ordinal);
                if (response.StatusCode != HttpStatusCode.NotFound && !unfilledQuery)
                {
                    failures.Add($"beta {role} {endpoint} with alpha's device: expected 404, got {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, ApiEndpoint endpoint, ProbeData probe) =>
        (await SendWithTextAsync(client, endpoint, probe)).Response;

    /// <summary>Sends a plausible valid request (probe ids in the route and body); returns the request's URL and body text too.</summary>
    private static async Task<(HttpResponseMessage Response, string RequestText)> SendWithTextAsync(HttpClient client, ApiEndpoint endpoint, ProbeData probe)
    {
        var url = endpoint.Url(probe.RouteValue);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        var text = url;
        if (endpoint.BodyType is { } bodyType)
        {
            var json = SampleBodies.Valid(bodyType, probe.IdFor).ToJsonString();
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            text += json;
        }

        return (await client.SendAsync(request), text);
    }
}

public sealed class SqliteAuthorizationMatrixTests(SqliteFleet fleet) : AuthorizationMatrixTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresAuthorizationMatrixTests(PostgresFleet fleet) : AuthorizationMatrixTests(fleet), IClassFixture<PostgresFleet>;
