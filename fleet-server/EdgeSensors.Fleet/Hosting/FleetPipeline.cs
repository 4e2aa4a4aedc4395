using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Dashboard;

namespace EdgeSensors.Fleet.Hosting;

/// <summary>The request pipeline and the endpoint map (what Program.cs calls).</summary>
public static class FleetPipeline
{
    public static WebApplication UseFleetPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseDashboard(); // static files before authentication: the page itself is public, its data needs a token
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapFleetEndpoints(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthView("ok"))).AllowAnonymous().WithName("Health");
        var api = app.MapGroup("/api");
        api.MapFleetApis();
        api.MapFeatureModules();
        return app;
    }

    /// <summary>The liveness answer.</summary>
    public sealed record HealthView(string Status);
}
