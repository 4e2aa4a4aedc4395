using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// One fleet server in process (WebApplicationFactory) on a fresh database of one provider, shared by a test class.
/// A suite is written once as an abstract class over this fixture and run twice: see <see cref="SqliteFleet"/> and
/// <see cref="PostgresFleet"/>.
/// </summary>
public abstract class FleetFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private TestDatabase? _database;

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>The running server; skips (locally) or fails (CI) the test when PostgreSQL is missing.</summary>
    public WebApplicationFactory<Program> Factory
    {
        get
        {
            if (_factory is null)
            {
                PostgresServer.Require();
                throw new InvalidOperationException("The fleet fixture did not start.");
            }

            return _factory;
        }
    }

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("No database.");

    /// <summary>Extra settings of a fixture, e.g. a low sign-in limit.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSQL && PostgresServer.ConnectionString is null)
        {
            if (PostgresServer.IsCi)
            {
                throw new InvalidOperationException("CI=true and PostgreSQL is missing: " + PostgresServer.MissingReason);
            }

            return;
        }

        _database = await TestDatabase.CreateAsync(Provider);
        var settings = new Dictionary<string, string>
        {
            ["Fleet:Database:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Fleet"] = _database.ConnectionString,
            ["Fleet:Auth:BootstrapOnStart"] = "false",
            ["Fleet:Api:SignInPermitsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        _ = _factory.Server; // starts the host: migrations run here
        await SeedAsync();
    }

    /// <summary>Data a suite needs before its tests run.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>Runs <paramref name="work"/> in a DI scope in system scope (all tenants), as the CLI does.</summary>
    public async Task<T> InSystemScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
        scope.ServiceProvider.GetRequiredService<Caller>().Set("test:fixture");
        return await work(scope.ServiceProvider);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The fleet server on SQLite.</summary>
public sealed class SqliteFleet() : FleetFixture(DatabaseProvider.Sqlite);

/// <summary>The fleet server on PostgreSQL.</summary>
public sealed class PostgresFleet() : FleetFixture(DatabaseProvider.PostgreSQL);
