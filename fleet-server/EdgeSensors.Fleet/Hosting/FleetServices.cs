using System.Threading.RateLimiting;
using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Hosting;

/// <summary>Service registration of the fleet server (what Program.cs calls).</summary>
public static class FleetServices
{
    /// <summary>The in-process rate limiter policy (enrolment); sign-in itself is limited across instances by SignInLimiter.</summary>
    public const string SignInRateLimit = "sign-in";

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
        services.AddScoped<Identity.SignInLimits.SignInLimiter>(); // sign-in's limit, in the database: shared by all instances
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

        var signInPermits = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.SignInPermitsPerMinute ?? new ApiOptions().SignInPermitsPerMinute;
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPermits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many enrolment attempts.", // the in-process policy serves POST /api/enrol only
                        Detail = $"At most {signInPermits} attempts per minute from one address (Fleet:Api:SignInPermitsPerMinute); wait and retry.",
                    },
                });
            };
        });

        builder.AddFeatureModules();
        return builder;
    }
}
