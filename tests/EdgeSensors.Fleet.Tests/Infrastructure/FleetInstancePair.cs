using System.Net.Http.Headers;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Tests.Mosquitto;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Gateway.Tests.Upstream;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// Two fleet server instances ("fleet-a", "fleet-b") on one new PostgreSQL database and one Mosquitto with dynamic
/// security, each with a test's own device-message handler, and a seeded tenant with an admin key and a site.
/// </summary>
internal sealed class FleetInstancePair : IAsyncDisposable
{
    private readonly List<WebApplicationFactory<Program>> _instances = [];
    private readonly TestDatabase _database;
    private string _adminToken = "";
    private int _disposed;

    private FleetInstancePair(TestDatabase database, MosquittoBroker mosquitto)
    {
        _database = database;
        Mosquitto = mosquitto;
    }

    public IReadOnlyList<WebApplicationFactory<Program>> Instances => _instances;

    public MosquittoBroker Mosquitto { get; }

    public Guid SiteId { get; private set; }

    /// <summary>
    /// Starts both instances; null when no PostgreSQL server is configured (the test's PostgresServer.Require() then
    /// skips it, or fails it under CI). <paramref name="handlerFor"/> makes the handler an instance registers, by name.
    /// </summary>
    public static async Task<FleetInstancePair?> StartAsync(string tenantName, Func<string, IDeviceMessageHandler> handlerFor)
    {
        if (PostgresServer.ConnectionString is null)
        {
            return null;
        }

        string password = DeviceSecret.NewPassword();
        MosquittoBroker mosquitto = await DynsecMosquitto.StartAsync(new InternalCredential(new FleetBrokerOptions { InternalPassword = password }));
        var pair = new FleetInstancePair(await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL), mosquitto);
        try
        {
            foreach (string name in (string[])["fleet-a", "fleet-b"])
            {
                pair._instances.Add(ScaleOutInstances.Start(pair._database, mosquitto, password, web => web.ConfigureServices(services => services.AddScoped(_ => handlerFor(name)))));
            }

            (pair._adminToken, pair.SiteId) = await ScaleOutInstances.SeedTenantAsync(pair._instances[0], tenantName);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of instance <paramref name="index"/> signed in with the tenant's admin API key.</summary>
    public HttpClient Admin(int index)
    {
        HttpClient client = _instances[index].CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (WebApplicationFactory<Program> instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Mosquitto.DisposeAsync();
        await _database.DisposeAsync();
    }
}
