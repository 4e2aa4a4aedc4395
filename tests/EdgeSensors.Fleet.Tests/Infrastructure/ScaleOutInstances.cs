using System.Globalization;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Gateway.Tests.Upstream;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// Fleet server instances for scale-out tests: each on the same PostgreSQL database and the same Mosquitto (external
/// broker mode, dynamic security), plus the tenant, admin API key and site the tests work in.
/// </summary>
internal static class ScaleOutInstances
{
    /// <summary>Starts one instance; <paramref name="extra"/> adds a test's own settings or services.</summary>
    public static WebApplicationFactory<Program> Start(TestDatabase database, MosquittoBroker mosquitto, string internalPassword, Action<IWebHostBuilder>? extra = null)
    {
        WebApplicationFactory<Program> instance = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Fleet:Database:Provider", "PostgreSQL");
            web.UseSetting("ConnectionStrings:Fleet", database.ConnectionString);
            web.UseSetting("Fleet:Auth:BootstrapOnStart", "false");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("Fleet:Broker:Mode", "External");
            web.UseSetting("Fleet:Broker:Host", "127.0.0.1");
            web.UseSetting("Fleet:Broker:Port", mosquitto.Port.ToString(CultureInfo.InvariantCulture));
            web.UseSetting("Fleet:Broker:InternalPassword", internalPassword);
            extra?.Invoke(web);
        });
        _ = instance.Server; // started here, one after the other: the first sets up the dynsec roles
        return instance;
    }

    /// <summary>Creates a tenant with an admin API key and one site through <paramref name="instance"/>.</summary>
    public static async Task<(string AdminToken, Guid SiteId)> SeedTenantAsync(WebApplicationFactory<Program> instance, string tenantName)
    {
        using IServiceScope scope = instance.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
        scope.ServiceProvider.GetRequiredService<Caller>().Set("test:fixture");
        Accounts accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
        Tenant tenant = await accounts.CreateTenantAsync(tenantName);
        (_, string adminToken) = await accounts.CreateApiKeyAsync(tenant.Id, "admin", FleetRole.Admin, null, "test");
        var db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        var site = new Site { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "Scale-out farm", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Sites.Add(site);
        await db.SaveChangesAsync();
        return (adminToken, site.Id);
    }
}
