using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EdgeSensors.Fleet.Tests.Data;

/// <summary>
/// The PostgreSQL connection pool is bounded (docs/benchmarks.md, "Fleet API": with Npgsql's default of 100 the API
/// collapsed under load), and an operator's own "Maximum Pool Size" in the connection string still wins.
/// </summary>
public sealed class PostgresPoolSizeTests
{
    private const string Server = "Host=db.example;Database=fleet;Username=fleet;Password=secret";

    [Fact]
    public void The_configured_bound_replaces_npgsqls_default_of_100()
    {
        var bounded = new NpgsqlConnectionStringBuilder(FleetDatabase.PostgresConnectionString(Server, new DatabaseOptions { MaxPoolSize = 12 }));
        Assert.Equal(12, bounded.MaxPoolSize);
        Assert.Equal("db.example", bounded.Host);
        Assert.Equal("secret", bounded.Password);
    }

    [Theory]
    [InlineData("Maximum Pool Size=40")]
    [InlineData("MaxPoolSize=40")]
    [InlineData("maximum pool size = 40")]
    public void A_pool_size_in_the_connection_string_wins(string setting)
    {
        var configured = FleetDatabase.PostgresConnectionString(Server + ";" + setting, new DatabaseOptions { MaxPoolSize = 12 });
        Assert.Equal(40, new NpgsqlConnectionStringBuilder(configured).MaxPoolSize);
    }

    [Fact]
    public void The_bound_never_falls_under_the_connection_strings_minimum()
    {
        var configured = FleetDatabase.PostgresConnectionString(Server + ";Minimum Pool Size=20", new DatabaseOptions { MaxPoolSize = 8 });
        var builder = new NpgsqlConnectionStringBuilder(configured);
        Assert.Equal(20, builder.MinPoolSize);
        Assert.Equal(20, builder.MaxPoolSize);
    }

    [Fact]
    public void The_default_bound_follows_the_core_count_within_8_to_32()
    {
        var effective = new DatabaseOptions().EffectiveMaxPoolSize;
        Assert.Equal(Math.Clamp(4 * Environment.ProcessorCount, 8, 32), effective);
        Assert.InRange(effective, 8, 32);
        Assert.Equal(5, new DatabaseOptions { MaxPoolSize = 5 }.EffectiveMaxPoolSize);
    }
}

/// <summary>The fleet server on PostgreSQL with a pool of at most 4 connections.</summary>
public sealed class SmallPoolPostgresFleet() : FleetFixture(DatabaseProvider.PostgreSQL)
{
    public const int PoolSize = 4;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:Database:MaxPoolSize"] = PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A burst of concurrent requests queues for the bounded pool instead of opening a backend per request.</summary>
public sealed class PostgresPoolBurstTests(SmallPoolPostgresFleet fleet) : IClassFixture<SmallPoolPostgresFleet>
{
    [SkippableFact]
    public async Task Forty_concurrent_requests_are_all_served_over_at_most_the_pools_connections()
    {
        var serverConnectionString = await fleet.InSystemScopeAsync(services =>
            Task.FromResult(services.GetRequiredService<FleetDbContext>().Database.GetConnectionString()!));
        Assert.Equal(SmallPoolPostgresFleet.PoolSize, new NpgsqlConnectionStringBuilder(serverConnectionString).MaxPoolSize);

        using var viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await viewer.GetAsync(i % 2 == 0 ? "/api/sites" : "/api/devices?limit=5");
            return (int)response.StatusCode;
        }));
        Assert.All(responses, status => Assert.Equal(200, status));

        // Pooled connections stay open (idle) after the burst, so the backends now open are the most the pool held;
        // the rollout engine's advisory-lock connection is outside the pool (Pooling=false), hence the one extra.
        var database = new NpgsqlConnectionStringBuilder(fleet.ConnectionString).Database;
        await using var probe = new NpgsqlConnection(PostgresServer.ConnectionString);
        await probe.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", probe);
        count.Parameters.AddWithValue("db", database!);
        var backends = (long)(await count.ExecuteScalarAsync())!;
        Assert.InRange(backends, 1, SmallPoolPostgresFleet.PoolSize + 1);
    }
}
