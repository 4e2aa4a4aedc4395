using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Admin;

/// <summary>The admin subcommands; each prints one line per result so scripts can read it.</summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> All(CliContext cli)
    {
        yield return Migrate(cli);
        yield return CreateTenant(cli);
        yield return ListTenants(cli);
        yield return CreateUser(cli);
        yield return SetPassword(cli);
        yield return CreateApiKey(cli);
        yield return VerifyAudit(cli);
    }

    private static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Required = true };

    private static Option<FleetRole> RoleOption() =>
        new("--role") { Description = "admin, engineer, technician or viewer (see docs/fleet-server.md for what each may do).", HelpName = "ROLE", Required = true, CustomParser = ParseRole };

    private static FleetRole ParseRole(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Enum.TryParse<FleetRole>(text, ignoreCase: true, out var role) && !int.TryParse(text, out _))
        {
            return role;
        }

        result.AddError($"--role '{text}' is not a role; use admin, engineer, technician or viewer.");
        return default;
    }

    private static Command Migrate(CliContext cli)
    {
        var command = new Command("migrate", "Apply pending database migrations (the server also does this at start unless Fleet:Database:MigrateOnStart is false).");
        command.SetAction((_, ct) => cli.RunAsync(async (_, _) =>
        {
            await cli.Output.WriteLineAsync("migrated");
            return AdminCli.Ok;
        }, ct));
        return command;
    }

    private static Command CreateTenant(CliContext cli)
    {
        var name = Required("--name", "The tenant's name (unique).", "NAME");
        var command = new Command("create-tenant", "Create a tenant; prints its id.") { name };
        command.SetAction((parse, ct) => cli.RunAsync(async (services, token) =>
        {
            var accounts = services.GetRequiredService<Accounts>();
            var tenantName = parse.GetValue(name)!;
            if (await accounts.FindTenantAsync(tenantName, token) is not null)
            {
                throw new AdminException($"Tenant '{tenantName}' exists already.");
            }

            var tenant = await accounts.CreateTenantAsync(tenantName, token);
            await cli.Output.WriteLineAsync($"tenant {tenant.Name} {tenant.Id}");
            return AdminCli.Ok;
        }, ct));
        return command;
    }

    private static Command ListTenants(CliContext cli)
    {
        var command = new Command("list-tenants", "List tenants: name, id, number of users.");
        command.SetAction((_, ct) => cli.RunAsync(async (services, token) =>
        {
            var db = services.GetRequiredService<FleetDbContext>();
            var tenants = await db.Tenants.OrderBy(t => t.Name)
                .Select(t => new { t.Name, t.Id, Users = db.Users.Count(u => u.TenantId == t.Id) }).ToListAsync(token);
            foreach (var t in tenants)
            {
                await cli.Output.WriteLineAsync($"tenant {t.Name} {t.Id} users={t.Users}");
            }

            return AdminCli.Ok;
        }, ct));
        return command;
    }

    private static Command CreateUser(CliContext cli)
    {
        var tenant = Required("--tenant", "The tenant's name.", "TENANT");
        var user = Required("--user", "The user name (unique on the server).", "NAME");
        var role = RoleOption();
        var password = new Option<string?>("--password") { Description = "The password (default: a random one, printed once). Prefer the environment variable FLEET_ADMIN_PASSWORD to keep it out of the shell history.", HelpName = "PASSWORD" };
        var command = new Command("create-user", "Create a user in a tenant; prints the user's id (and the generated password, if any).") { tenant, user, role, password };
        command.SetAction((parse, ct) => cli.RunAsync(async (services, token) =>
        {
            var accounts = services.GetRequiredService<Accounts>();
            var tenantId = await CliContext.TenantIdAsync(services, parse.GetValue(tenant)!, token);
            var userName = parse.GetValue(user)!;
            if (await services.GetRequiredService<FleetDbContext>().Users.AnyAsync(u => u.UserName == userName, token))
            {
                throw new AdminException($"User '{userName}' exists already; use 'admin set-password --user {userName}' to reset it.");
            }

            var (secret, generated) = PasswordFrom(parse.GetValue(password));
            if (accounts.CheckPassword(secret) is { } weak)
            {
                throw new AdminException(weak);
            }

            var created = await accounts.CreateUserAsync(tenantId, userName, parse.GetValue(role), secret, token);
            await cli.Output.WriteLineAsync($"user {created.UserName} {created.Id} role={created.Role.ToString().ToLowerInvariant()}");
            if (generated)
            {
                await cli.Output.WriteLineAsync($"password {secret}");
            }

            return AdminCli.Ok;
        }, ct));
        return command;
    }

    private static Command SetPassword(CliContext cli)
    {
        var user = Required("--user", "The user name.", "NAME");
        var password = new Option<string?>("--password") { Description = "The new password (default: FLEET_ADMIN_PASSWORD, else a random one, printed once).", HelpName = "PASSWORD" };
        var command = new Command("set-password", "Reset a user's password, enable the user and end their sessions.") { user, password };
        command.SetAction((parse, ct) => cli.RunAsync(async (services, token) =>
        {
            var db = services.GetRequiredService<FleetDbContext>();
            var userName = parse.GetValue(user)!;
            var found = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, token)
                ?? throw new AdminException($"There is no user '{userName}'.");
            var (secret, generated) = PasswordFrom(parse.GetValue(password));
            if (services.GetRequiredService<Accounts>().CheckPassword(secret) is { } weak)
            {
                throw new AdminException(weak);
            }

            var audit = services.GetRequiredService<Audit.AuditLog>();
            var before = UserView.Of(found);
            found.PasswordHash = services.GetRequiredService<IPasswordHasher<User>>().HashPassword(found, secret);
            found.Disabled = false;
            found.UpdatedAt = services.GetRequiredService<TimeProvider>().UtcNow();
            await db.Sessions.Where(s => s.UserId == found.Id).ExecuteDeleteAsync(token);
            audit.Record("user.update+password", "user", found.Id, before, UserView.Of(found), found.TenantId);
            await audit.SaveChangesAsync(token);
            await cli.Output.WriteLineAsync($"user {found.UserName} {found.Id} password reset");
            if (generated)
            {
                await cli.Output.WriteLineAsync($"password {secret}");
            }

            return AdminCli.Ok;
        }, ct));
        return command;
    }

    private static Command CreateApiKey(CliContext cli)
    {
        var tenant = Required("--tenant", "The tenant's name.", "TENANT");
        var name = Required("--name", "The key's name (unique in the tenant), e.g. the job that uses it.", "NAME");
        var role = RoleOption();
        var days = new Option<int?>("--expires-days") { Description = "Days until the key expires (default: never).", HelpName = "DAYS" };
        var command = new Command("create-api-key", "Create an API key; prints the token once (only its hash is stored).") { tenant, name, role, days };
        command.SetAction((parse, ct) => cli.RunAsync(async (services, token) =>
        {
            var tenantId = await CliContext.TenantIdAsync(services, parse.GetValue(tenant)!, token);
            var keyName = parse.GetValue(name)!;
            var db = services.GetRequiredService<FleetDbContext>();
            if (await db.ApiKeys.AnyAsync(k => k.TenantId == tenantId && k.Name == keyName, token))
            {
                throw new AdminException($"Tenant '{parse.GetValue(tenant)}' already has an API key named '{keyName}'.");
            }

            if (parse.GetValue(days) is <= 0)
            {
                throw new AdminException("--expires-days must be 1 or more.");
            }

            DateTime? expires = parse.GetValue(days) is { } d ? services.GetRequiredService<TimeProvider>().UtcNow().AddDays(d) : null;
            var (key, secret) = await services.GetRequiredService<Accounts>().CreateApiKeyAsync(tenantId, keyName, parse.GetValue(role), expires, "cli:admin", token);
            await cli.Output.WriteLineAsync($"apikey {key.Name} {key.Id} role={key.Role.ToString().ToLowerInvariant()} expires={(key.ExpiresAt is { } e ? e.ToString("O", CultureInfo.InvariantCulture) : "never")}");
            await cli.Output.WriteLineAsync($"token {secret}");
            return AdminCli.Ok;
        }, ct));
        return command;
    }

    private static Command VerifyAudit(CliContext cli)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Check only this tenant (default: every tenant).", HelpName = "TENANT" };
        var command = new Command("verify-audit", "Recompute every audit hash chain; exit 3 and name the first broken entry when a row was edited, deleted or reordered.") { tenant };
        command.SetAction((parse, ct) => cli.RunAsync(async (services, token) =>
        {
            var exit = AdminCli.Ok;
            foreach (var result in await CliContext.VerifyAllAsync(services, parse.GetValue(tenant), token))
            {
                if (result.Valid)
                {
                    await cli.Output.WriteLineAsync($"ok tenant={result.TenantId} entries={result.EntriesChecked}");
                }
                else
                {
                    await cli.Output.WriteLineAsync($"BROKEN tenant={result.TenantId} entry={result.BrokenSequence} id={result.BrokenEntryId}: {result.Problem}");
                    exit = AdminCli.AuditBroken;
                }
            }

            return exit;
        }, ct));
        return command;
    }

    private static (string Password, bool Generated) PasswordFrom(string? option)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return (option, false);
        }

        if (Environment.GetEnvironmentVariable("FLEET_ADMIN_PASSWORD") is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, false);
        }

        return (Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y'), true);
    }
}
