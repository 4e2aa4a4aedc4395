using System.Net;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests;

/// <summary>The server starts on each provider, answers health, serves its OpenAPI document and refuses strangers with a problem.</summary>
public abstract class SmokeTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Health_is_ok_without_credentials()
    {
        using var client = fleet.CreateClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ok\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task OpenApi_document_is_served_anonymously()
    {
        using var client = fleet.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unauthenticated_api_call_gets_a_401_problem()
    {
        using var client = fleet.CreateClient();
        var response = await client.GetAsync("/api/anything");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class SqliteSmokeTests(SqliteFleet fleet) : SmokeTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresSmokeTests(PostgresFleet fleet) : SmokeTests(fleet), IClassFixture<PostgresFleet>;
