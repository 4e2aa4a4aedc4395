using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Hosting;

/// <summary>Service registration of the fleet server (what Program.cs calls).</summary>
public static class FleetServices
{

    public static WebApplicationBuilder AddFleetServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton(TimeProvider.System);

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(FleetDatabase.ConnectionStringName);
        services.AddDbContext<FleetDbContext>(options => FleetDatabase.Configure(options, database, connectionString));

        services.AddScoped<CurrentTenant>();
        services.AddScoped<Caller>();
        services.AddScoped<AuditLog>();
        services.AddScoped<Accounts>();
        services.AddScoped<Registry.DeviceReports>();
        services.AddScoped<Identity.SignInLimits.SignInLimiter>(); // sign-in's and enrolment's limits, in the database: shared by all instances
        services.AddSingleton<FailedTokenLimiter>(); // bearer tokens that match nothing: per address, per instance
        services.AddSingleton<IPasswordHasher<Data.Entities.User>, PasswordHasher<Data.Entities.User>>();

        services.ConfigureHttpJsonOptions(JsonSetup.Configure);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();

        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(
                BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            // Secure by default: an endpoint that names no policy still needs a signed-in caller.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var permission in RolePermissions.All)
            {
                options.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                    FleetClaims.RoleOf(context.User) is { } role && RolePermissions.Allows(role, permission)));
            }
        });

        builder.AddFeatureModules();
        return builder;
    }
}
