using System.Net;
using System.Text;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Api;

/// <summary>
/// Every endpoint that takes a JSON body gets malformed JSON, an oversize body, wrong types in each field, unknown
/// fields, no body and a wrong content type: always a 4xx application/problem+json, never a 500.
/// </summary>
public abstract class BadInputTests(FleetFixture fleet)
{
    private const long Limit = 1024 * 1024; // Fleet:Api:MaxRequestBodyBytes default

    private IEnumerable<ApiEndpoint> BodyEndpoints => EndpointCatalog.All(fleet.Factory.Services).Where(e => e.BodyType is not null);

    [SkippableFact]
    public async Task Every_json_endpoint_answers_bad_bodies_with_a_4xx_problem()
    {
        var probe = await ProbeData.CreateAsync(fleet, fleet.Alpha);
        using var admin = fleet.ClientWithToken(await ProbeData.SignInAsync(fleet, fleet.Alpha, FleetRole.Admin));
        var endpoints = BodyEndpoints.Where(e => !e.EndsSession).ToList();
        Assert.True(endpoints.Count >= 10, "too few endpoints with a JSON body: " + string.Join(", ", endpoints));
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var url = endpoint.Url(probe.RouteValue);
            var valid = SampleBodies.Valid(endpoint.BodyType!, probe.IdFor);
            var cases = new List<(string Name, HttpContent? Content, int? Expected, string? DetailMustName)>
            {
                ("malformed JSON", Json("{\"name\": "), 400, null),
                ("not JSON at all", Json("<xml/>"), 400, null),
                ("a JSON array", Json("[1,2,3]"), 400, null),
                // An endpoint whose body is optional may take these as "no body": any 4xx problem then.
                ("JSON null", Json("null"), null, null),
                ("an empty body", Json(""), null, null),
                ("trailing garbage", Json(valid.ToJsonString() + "}"), 400, null),
                ("an unknown field", Json(WithField(valid, "unexpectedField", "1")), 400, "unexpectedField"),
                ("an oversize body", Json(Oversize()), 413, null),
                ("text/plain", new StringContent(valid.ToJsonString(), Encoding.UTF8, "text/plain"), 415, null),
                ("no content type", new ByteArrayContent(Encoding.UTF8.GetBytes(valid.ToJsonString())), 415, null),
            };
            foreach (var (field, body) in SampleBodies.WrongTypes(endpoint.BodyType!, probe.IdFor))
            {
                cases.Add(($"a wrong type in '{field}'", Json(body.ToJsonString()), 400, field));
            }

            foreach (var (name, content, expected, mustName) in cases)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url) { Content = content };
                using var response = await admin.SendAsync(request);
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                if (status is < 400 or >= 500 || (expected is { } e && status != e))
                {
                    failures.Add($"{endpoint} with {name}: expected {expected?.ToString() ?? "4xx"}, got {status}: {Shorten(text)}");
                }
                else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{endpoint} with {name}: {status} without application/problem+json: {Shorten(text)}");
                }
                else if (mustName is not null && !text.Contains(mustName, StringComparison.Ordinal))
                {
                    failures.Add($"{endpoint} with {name}: the problem does not name '{mustName}': {Shorten(text)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Oversize())));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sites") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await admin.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [SkippableFact]
    public async Task Bad_query_values_and_ids_are_4xx_problems()
    {
        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        foreach (var url in new[] { "/api/sites?limit=abc", "/api/devices?siteId=not-a-guid", "/api/sites/not-a-guid", "/api/audit?afterSequence=x", "/api/nowhere" })
        {
            using var response = await admin.GetAsync(url);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string WithField(System.Text.Json.Nodes.JsonObject body, string name, string rawValue) =>
        body.ToJsonString().TrimEnd('}') + (body.Count > 0 ? "," : "") + $"\"{name}\":{rawValue}}}";

    private static string Oversize() => "{\"name\":\"" + new string('x', (int)Limit) + "\"}";

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}

public sealed class SqliteBadInputTests(SqliteFleet fleet) : BadInputTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresBadInputTests(PostgresFleet fleet) : BadInputTests(fleet), IClassFixture<PostgresFleet>;
