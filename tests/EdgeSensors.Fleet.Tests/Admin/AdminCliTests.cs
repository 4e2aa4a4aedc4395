using System.Net;
using EdgeSensors.Fleet.Admin;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Admin;

/// <summary>The admin CLI against the fixture's database; what it creates works through the HTTP API.</summary>
public abstract class AdminCliTests(FleetFixture fleet)
{
    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fleet:Database:Provider"] = fleet.Provider.ToString(),
            ["ConnectionStrings:Fleet"] = fleet.ConnectionString,
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AdminCli.RunAsync(args, settings, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [SkippableFact]
    public async Task Tenant_user_and_api_key_made_by_the_cli_work_over_http()
    {
        _ = fleet.Factory; // skips when the provider is missing
        var tenant = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var (exit, output, error) = await RunAsync("create-tenant", "--name", tenant);
        Assert.True(exit == AdminCli.Ok, error);
        Assert.StartsWith($"tenant {tenant} ", output, StringComparison.Ordinal);

        (exit, output, error) = await RunAsync("create-user", "--tenant", tenant, "--user", tenant + "-boss", "--role", "admin");
        Assert.True(exit == AdminCli.Ok, error);
        var password = output.Split('\n').Single(l => l.StartsWith("password ", StringComparison.Ordinal))["password ".Length..].Trim();

        using var anonymous = fleet.CreateClient();
        var session = await anonymous.PostOkAsync("/api/auth/sign-in", new { userName = tenant + "-boss", password }, HttpStatusCode.OK);
        using var admin = fleet.ClientWithToken(session.GetProperty("token").GetString()!);
        Assert.Equal(tenant, (await admin.GetOkAsync("/api/tenant")).GetProperty("name").GetString());

        (exit, output, error) = await RunAsync("create-api-key", "--tenant", tenant, "--name", "nightly", "--role", "viewer", "--expires-days", "7");
        Assert.True(exit == AdminCli.Ok, error);
        var token = output.Split('\n').Single(l => l.StartsWith("token ", StringComparison.Ordinal))["token ".Length..].Trim();
        using var key = fleet.ClientWithToken(token);
        Assert.Equal("viewer", (await key.GetOkAsync("/api/auth/me")).GetProperty("role").GetString());

        (exit, output, _) = await RunAsync("verify-audit", "--tenant", tenant);
        Assert.Equal(AdminCli.Ok, exit);
        Assert.Contains("ok tenant=", output, StringComparison.Ordinal);
        Assert.Contains("entries=3", output, StringComparison.Ordinal); // tenant, user, key
    }

    [SkippableFact]
    public async Task Mistakes_get_a_named_error_and_a_usage_or_failure_exit_code()
    {
        _ = fleet.Factory;
        var (exit, _, error) = await RunAsync("create-user", "--tenant", "no-such-tenant", "--user", "x-user", "--role", "viewer");
        Assert.Equal(AdminCli.Failed, exit);
        Assert.Contains("There is no tenant 'no-such-tenant'", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("create-user", "--tenant", "alpha", "--user", "x-user", "--role", "overlord");
        Assert.Equal(AdminCli.Usage, exit);
        Assert.Contains("--role 'overlord' is not a role", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("create-user", "--tenant", "alpha", "--user", "x-user", "--role", "viewer", "--password", "short");
        Assert.Equal(AdminCli.Failed, exit);
        Assert.Contains("at least 12 are needed", error, StringComparison.Ordinal);

        (exit, _, _) = await RunAsync("no-such-command");
        Assert.Equal(AdminCli.Usage, exit);
    }
}

public sealed class SqliteAdminCliTests(SqliteFleet fleet) : AdminCliTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresAdminCliTests(PostgresFleet fleet) : AdminCliTests(fleet), IClassFixture<PostgresFleet>;
