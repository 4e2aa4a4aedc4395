using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSensors.Fleet.Tests.Hosting;

/// <summary>Zero-setup start: an empty database gets tenant "default" and an admin whose one-time password is logged once.</summary>
public abstract partial class FirstStartTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task An_empty_database_gets_an_admin_with_a_logged_one_time_password()
    {
        _ = fleet.Factory;
        var provider = fleet.Provider;
        await using var database = await TestDatabase.CreateAsync(provider);
        var log = new CapturingLoggerProvider();
        WebApplicationFactory<Program> Start() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Fleet:Database:Provider", provider.ToString());
            web.UseSetting("ConnectionStrings:Fleet", database.ConnectionString);

            // A free port: the default 1883 is taken by whichever test class starts a server at the same time.
            web.UseSetting("Fleet:Broker:Port", "0");
            web.UseSetting("Fleet:Broker:BindAddress", "127.0.0.1");
            web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(log));
        });

        await using (var server = Start())
        {
            using var client = server.CreateClient();
            var line = Assert.Single(log.Lines, l => l.Contains("one-time password", StringComparison.Ordinal));
            var password = OneTimePassword().Match(line).Groups[1].Value;
            Assert.True(password.Length >= 20, line);
            var session = await client.PostOkAsync("/api/auth/sign-in", new { userName = "admin", password }, HttpStatusCode.OK);
            Assert.Equal("admin", session.GetProperty("user").GetProperty("role").GetString());
        }

        // A second start on the same database creates nothing and prints no password.
        log.Lines.Clear();
        await using (var again = Start())
        {
            _ = again.Server;
            Assert.DoesNotContain(log.Lines, l => l.Contains("one-time password", StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("one-time password: (\\S+)")]
    private static partial Regex OneTimePassword();

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentBag<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capture(Lines);

        public void Dispose()
        {
        }

        private sealed class Capture(ConcurrentBag<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add(formatter(state, exception));
        }
    }
}

public sealed class SqliteFirstStartTests(SqliteFleet fleet) : FirstStartTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresFirstStartTests(PostgresFleet fleet) : FirstStartTests(fleet), IClassFixture<PostgresFleet>;
