using System.Net.Http.Headers;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Enrolment;

/// <summary>A fleet server with one tenant, one site, an admin and a technician API key, and its embedded broker on a free port.</summary>
public abstract class EnrolmentFleet(DatabaseProvider provider) : FleetFixture(provider)
{
    public Guid TenantId { get; private set; }

    public Guid SiteId { get; private set; }

    public string AdminToken { get; private set; } = "";

    public string TechnicianToken { get; private set; } = "";

    public int BrokerPort => Factory.Services.GetRequiredService<EmbeddedFleetBroker>().Port;

    public HttpClient Client(string? bearer)
    {
        HttpClient client = CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    protected override async Task SeedAsync()
    {
        (TenantId, SiteId, AdminToken, TechnicianToken) = await InSystemScopeAsync(async services =>
        {
            var accounts = services.GetRequiredService<Accounts>();
            Tenant tenant = await accounts.CreateTenantAsync("enrolment-" + Guid.NewGuid().ToString("N")[..8]);
            (_, string admin) = await accounts.CreateApiKeyAsync(tenant.Id, "admin-key", FleetRole.Admin, null, "test");
            (_, string technician) = await accounts.CreateApiKeyAsync(tenant.Id, "technician-key", FleetRole.Technician, null, "test");
            var db = services.GetRequiredService<FleetDbContext>();
            var site = new Site { Id = Guid.NewGuid(), TenantId = tenant.Id, Name = "North tank farm", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Sites.Add(site);
            await db.SaveChangesAsync();
            return (tenant.Id, site.Id, admin, technician);
        });
    }
}

public sealed class SqliteEnrolmentFleet() : EnrolmentFleet(DatabaseProvider.Sqlite);

public sealed class PostgresEnrolmentFleet() : EnrolmentFleet(DatabaseProvider.PostgreSQL);
