using System.Text.Json;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Api;

/// <summary>/openapi/v1.json documents every mapped endpoint with its method.</summary>
public abstract class OpenApiTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Every_mapped_endpoint_is_in_the_openapi_document()
    {
        using var client = fleet.CreateClient();
        var document = await client.GetOkAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var missing = new List<string>();
        var endpoints = EndpointCatalog.All(fleet.Factory.Services).Where(e => !e.Pattern.StartsWith("/openapi", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            if (!paths.TryGetProperty(endpoint.OpenApiPath, out var path) || !path.TryGetProperty(endpoint.Method.ToLowerInvariant(), out _))
            {
                missing.Add($"{endpoint.Method} {endpoint.OpenApiPath}");
            }
        }

        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing) + "\npaths: " +
            string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(JsonValueKind.Object, document.GetProperty("components").GetProperty("schemas").ValueKind);
    }
}

public sealed class SqliteOpenApiTests(SqliteFleet fleet) : OpenApiTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresOpenApiTests(PostgresFleet fleet) : OpenApiTests(fleet), IClassFixture<PostgresFleet>;
