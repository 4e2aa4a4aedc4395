using System.Net.Http.Headers;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
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
    private Dictionary<string, string> _settings = [];

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

    /// <summary>True: the server listens on a real loopback port (Kestrel), for clients outside the process's HttpClient (the gateway CLI).</summary>
    protected virtual bool UsesKestrel => false;

    /// <summary>Extra services of a fixture, e.g. a handler that records what the MQTT consumer receives.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

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
            ["Fleet:Api:SignInPermitsPerUserPerMinute"] = "100000",
            ["Fleet:Api:FailedTokenPermitsPerMinute"] = "100000", // the matrix tests send a bad token to every endpoint
            ["Logging:LogLevel:Default"] = "Warning",
            // The embedded MQTT broker on a free loopback port: test classes run in parallel.
            ["Fleet:Broker:Port"] = "0",
            ["Fleet:Broker:BindAddress"] = "127.0.0.1",
            // Kestrel on a free port too: appsettings.json's Urls (127.0.0.1:5180) would otherwise win over UseKestrel(0).
            ["Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        _settings = settings;
        _factory = NewInstance();
        if (UsesKestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer(); // starts the host: migrations run here
        }
        else
        {
            _ = _factory.Server; // starts the host: migrations run here
        }

        await SeedAsync();
    }

    /// <summary>The password of every seeded user.</summary>
    public const string Password = "fixture-password-0123";

    /// <summary>Two tenants, each with one signed-in user per role.</summary>
    public TestTenant Alpha { get; private set; } = null!;
    public TestTenant Beta { get; private set; } = null!;

    private async Task SeedAsync()
    {
        Alpha = await SeedTenantAsync("alpha");
        Beta = await SeedTenantAsync("beta");
    }

    /// <summary>Creates a tenant with one user per role, each with a session.</summary>
    public async Task<TestTenant> SeedTenantAsync(string name)
    {
        // Sessions are written directly (as sign-in would) so that a fixture with a strict sign-in limit can still seed.
        var tokens = new Dictionary<FleetRole, string>();
        var tenantId = await InSystemScopeAsync(async services =>
        {
            var accounts = services.GetRequiredService<Accounts>();
            var db = services.GetRequiredService<FleetDbContext>();
            var tenant = await accounts.CreateTenantAsync(name);
            foreach (var role in Enum.GetValues<FleetRole>())
            {
                var user = await accounts.CreateUserAsync(tenant.Id, $"{name}-{role.ToString().ToLowerInvariant()}", role, Password);
                var token = BearerTokens.New(BearerTokens.SessionPrefix);
                db.Sessions.Add(new Session
                {
                    Id = Guid.NewGuid(),
                    TenantId = tenant.Id,
                    UserId = user.Id,
                    TokenHash = BearerTokens.Hash(token),
                    CreatedAt = DateTime.UtcNow,
                    ExpiresAt = DateTime.UtcNow.AddHours(4),
                });
                tokens[role] = token;
            }

            await db.SaveChangesAsync();
            return tenant.Id;
        });
        return new TestTenant(name, tenantId, tokens);
    }

    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>Another server instance on the same database (for the scale-out tests); the caller disposes it.</summary>
    public WebApplicationFactory<Program> NewInstance(IReadOnlyDictionary<string, string>? extra = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in _settings)
            {
                web.UseSetting(key, value);
            }

            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(ConfigureServices);
        });

    /// <summary>A client signed in as <paramref name="tenant"/>'s user of <paramref name="role"/>.</summary>
    public HttpClient Client(TestTenant tenant, FleetRole role) => ClientWithToken(tenant.Tokens[role]);

    public HttpClient ClientWithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

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
        // Idempotent: a derived fixture's own cleanup or a second call must not stop the host or drop the database twice.
        if (Interlocked.Exchange(ref _factory, null) is { } factory)
        {
            await factory.DisposeAsync();
        }

        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await database.DisposeAsync();
        }
    }
}

/// <summary>A seeded tenant and the session token of its user of each role.</summary>
public sealed record TestTenant(string Name, Guid Id, IReadOnlyDictionary<FleetRole, string> Tokens);

/// <summary>The fleet server on SQLite.</summary>
public sealed class SqliteFleet() : FleetFixture(DatabaseProvider.Sqlite);

/// <summary>The fleet server on PostgreSQL.</summary>
public sealed class PostgresFleet() : FleetFixture(DatabaseProvider.PostgreSQL);
