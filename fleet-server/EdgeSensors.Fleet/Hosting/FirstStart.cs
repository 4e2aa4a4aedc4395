using System.Security.Cryptography;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Hosting;

/// <summary>Start-up work before requests are served: migrations, then the first tenant and admin on an empty database.</summary>
public static class FirstStart
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FleetDbContext>();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await FleetDatabase.MigrateAsync(db);
        }

        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        services.GetRequiredService<CurrentTenant>().EnterSystemScope();
        services.GetRequiredService<Caller>().Set("system:first-start");
        if (!auth.BootstrapOnStart || await db.Users.AnyAsync())
        {
            return;
        }

        var accounts = services.GetRequiredService<Accounts>();
        var password = string.IsNullOrEmpty(auth.BootstrapAdminPassword)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y')
            : auth.BootstrapAdminPassword;
        var tenant = await accounts.FindTenantAsync(auth.BootstrapTenant) ?? await accounts.CreateTenantAsync(auth.BootstrapTenant);
        await accounts.CreateUserAsync(tenant.Id, auth.BootstrapAdminUser, FleetRole.Admin, password);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeSensors.Fleet.FirstStart");
        if (string.IsNullOrEmpty(auth.BootstrapAdminPassword))
        {
            // Printed once: the database keeps only the hash. Change it with `admin set-password` or PUT /api/users/{id}.
            logger.LogWarning("First start: created tenant '{Tenant}' and admin '{User}' with one-time password: {Password}",
                auth.BootstrapTenant, auth.BootstrapAdminUser, password);
        }
        else
        {
            logger.LogInformation("First start: created tenant '{Tenant}' and admin '{User}' with the configured password.",
                auth.BootstrapTenant, auth.BootstrapAdminUser);
        }
    }
}
