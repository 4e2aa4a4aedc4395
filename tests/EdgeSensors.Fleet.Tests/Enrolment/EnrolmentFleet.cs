using System.Net;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Enrolment;

/// <summary>The seeded fleet server (tenant alpha's users) with one site for enrolment, and its embedded broker on a free port.</summary>
public abstract class EnrolmentFleet(DatabaseProvider provider) : FleetFixture(provider)
{
    private readonly SemaphoreSlim _siteGate = new(1, 1);
    private Guid? _siteId;

    public string AdminToken => Alpha.Tokens[FleetRole.Admin];

    public string TechnicianToken => Alpha.Tokens[FleetRole.Technician];

    public int BrokerPort => Factory.Services.GetRequiredService<EmbeddedFleetBroker>().Port;

    /// <summary>The site every token of these tests is bound to, created once through the sites API.</summary>
    public async Task<Guid> SiteIdAsync()
    {
        await _siteGate.WaitAsync();
        try
        {
            if (_siteId is null)
            {
                using HttpClient admin = ClientWithToken(AdminToken);
                _siteId = (await admin.PostOkAsync("/api/sites", new { name = "North tank farm" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
            }

            return _siteId.Value;
        }
        finally
        {
            _siteGate.Release();
        }
    }
}

public sealed class SqliteEnrolmentFleet() : EnrolmentFleet(DatabaseProvider.Sqlite);

public sealed class PostgresEnrolmentFleet() : EnrolmentFleet(DatabaseProvider.PostgreSQL);
