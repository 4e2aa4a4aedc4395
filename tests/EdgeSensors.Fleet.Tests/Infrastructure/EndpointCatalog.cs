using System.Text.RegularExpressions;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>One mapped endpoint, read from the server's own endpoint data source (so a new endpoint is covered at once).</summary>
public sealed partial record ApiEndpoint(string Method, string Pattern, IReadOnlyList<string> Permissions, bool Anonymous, Type? BodyType,
    IReadOnlyList<string> Parameters)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The URL with each route parameter replaced by <paramref name="value"/>(name, constraint), e.g. ("number", "int").</summary>
    public string Url(Func<string, string, string> value) =>
        ParameterPattern().Replace(Pattern, m => value(m.Groups[1].Value, m.Groups[2].Value));

    /// <summary>The pattern as OpenAPI writes it: "{siteId:guid}" becomes "{siteId}".</summary>
    public string OpenApiPath => ParameterPattern().Replace(Pattern, m => "{" + m.Groups[1].Value + "}");

    public bool Allows(FleetRole role) => Permissions.All(p => RolePermissions.Allows(role, p));

    /// <summary>Sign-out ends the very session that calls it, so walks run it last.</summary>
    public bool EndsSession => Pattern.EndsWith("/sign-out", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)(?::([^}?]*))?\??\}")]
    private static partial Regex ParameterPattern();
}

public static class EndpointCatalog
{
    public static IReadOnlyList<ApiEndpoint> All(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<ApiEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var permissions = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy).OfType<string>().Distinct().ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            foreach (var method in methods)
            {
                endpoints.Add(new ApiEndpoint(method, pattern.TrimEnd('/') is { Length: > 0 } p ? p : "/", permissions, anonymous, body, parameters));
            }
        }

        return [.. endpoints.OrderBy(e => e.EndsSession).ThenBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
    }
}
