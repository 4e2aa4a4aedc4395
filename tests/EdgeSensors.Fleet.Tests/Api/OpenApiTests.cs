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

    [SkippableFact]
    public async Task The_rollout_schemas_describe_kind_template_and_body()
    {
        using var client = fleet.CreateClient();
        var schemas = (await client.GetOkAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        var request = schemas.GetProperty("RolloutRequest").GetProperty("properties");
        foreach (var field in new[] { "body", "templateId", "kind" })
        {
            Assert.True(request.TryGetProperty(field, out var property), $"RolloutRequest has no {field}: {request}");
            Assert.False(string.IsNullOrWhiteSpace(property.TryGetProperty("description", out var d) ? d.GetString() : null), $"RolloutRequest.{field} has no description: {property}");
        }

        var summary = schemas.GetProperty("RolloutSummaryView").GetProperty("properties");
        Assert.True(summary.TryGetProperty("kind", out _) && summary.TryGetProperty("template", out _), summary.ToString());
        var template = schemas.GetProperty("RolloutTemplateView").GetProperty("properties");
        Assert.Equal(["id", "name", "version"], template.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(schemas.GetProperty("RolloutDeviceView").GetProperty("properties").TryGetProperty("outcome", out _));
    }
}

public sealed class SqliteOpenApiTests(SqliteFleet fleet) : OpenApiTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresOpenApiTests(PostgresFleet fleet) : OpenApiTests(fleet), IClassFixture<PostgresFleet>;
