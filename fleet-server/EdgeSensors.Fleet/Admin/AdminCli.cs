using System.CommandLine;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Hosting;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Admin;

/// <summary>
/// `EdgeSensors.Fleet admin COMMAND`: scripted tasks on the configured database (the same appsettings.json, environment
/// variables and ConnectionStrings:Fleet as the server). Exit codes: 0 ok, 1 failed, 2 usage, 3 audit chain broken.
/// </summary>
public static class AdminCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int AuditBroken = 3;

    /// <param name="args">The arguments after "admin".</param>
    /// <param name="settings">Configuration on top of appsettings and environment (tests pass the database here).</param>
    /// <param name="output">Where results go (stdout by default); errors go to <paramref name="error"/>.</param>
    /// <param name="error">Where errors go (stderr by default).</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null,
        TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var admin = new Command("admin",
            "EdgeSensors fleet server admin tasks, on the database the server is configured for " +
            "(Fleet:Database:Provider, Fleet:Database:DataDirectory, ConnectionStrings:Fleet; environment variables " +
            "Fleet__Database__Provider, ConnectionStrings__Fleet). Exit codes: 0 ok, 1 failed, 2 usage, 3 audit chain broken.");
        var context = new CliContext(settings, output);
        foreach (var command in AdminCommands.All(context))
        {
            admin.Subcommands.Add(command);
        }

        var root = new RootCommand("EdgeSensors fleet server; without arguments it serves the API.") { admin };
        var parse = root.Parse(["admin", .. args]);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync("error: " + parseError.Message);
            }

            await error.WriteLineAsync("Run 'EdgeSensors.Fleet admin --help' for the commands and their options.");
            return Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (AdminException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return Failed;
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            await error.WriteLineAsync($"error: {ex.GetBaseException().Message}");
            return Failed;
        }
    }
}

/// <summary>A failure the admin should read: it names what is wrong and how to fix it.</summary>
public sealed class AdminException(string message) : Exception(message);

/// <summary>Opens the server's services (database, accounts, audit) for one command, in system scope.</summary>
public sealed class CliContext(IReadOnlyDictionary<string, string?>? settings, TextWriter output)
{
    public TextWriter Output => output;

    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken cancellationToken, bool migrate = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddFleetServices();
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<CurrentTenant>().EnterSystemScope();
        services.GetRequiredService<Caller>().Set("cli:admin");
        if (migrate)
        {
            await FleetDatabase.MigrateAsync(services.GetRequiredService<FleetDbContext>(), cancellationToken);
        }

        return await work(services, cancellationToken);
    }

    public static async Task<Guid> TenantIdAsync(IServiceProvider services, string name, CancellationToken cancellationToken)
    {
        var tenant = await services.GetRequiredService<Accounts>().FindTenantAsync(name, cancellationToken);
        return tenant?.Id ?? throw new AdminException($"There is no tenant '{name}'; list them with 'admin list-tenants' or create it with 'admin create-tenant --name {name}'.");
    }

    public static async Task<AuditVerification[]> VerifyAllAsync(IServiceProvider services, string? tenantName, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<FleetDbContext>();
        var ids = tenantName is null
            ? await db.Tenants.OrderBy(t => t.Name).Select(t => t.Id).ToListAsync(cancellationToken)
            : [await TenantIdAsync(services, tenantName, cancellationToken)];
        var results = new List<AuditVerification>();
        foreach (var id in ids)
        {
            results.Add(await AuditVerifier.VerifyAsync(db, id, cancellationToken));
        }

        return [.. results];
    }
}
