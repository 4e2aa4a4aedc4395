using System.Net;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Identity;

/// <summary>Sign-in, sessions, passwords, API keys and tenant isolation of users.</summary>
public abstract class AuthTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Sign_in_gives_a_session_that_sign_out_ends()
    {
        var token = await ProbeData.SignInAsync(fleet, fleet.Alpha, FleetRole.Technician);
        Assert.StartsWith(BearerTokens.SessionPrefix, token, StringComparison.Ordinal);
        using var client = fleet.ClientWithToken(token);
        var me = await client.GetOkAsync("/api/auth/me");
        Assert.Equal("user:alpha-technician", me.GetProperty("actor").GetString());
        Assert.Equal("technician", me.GetProperty("role").GetString());
        Assert.Equal(fleet.Alpha.Id, me.GetProperty("tenantId").GetGuid());
        Assert.Contains("devices.write", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        await client.SendOkAsync(HttpMethod.Post, "/api/auth/sign-out", null, HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Wrong_password_unknown_user_and_disabled_user_get_the_same_401_problem()
    {
        using var anonymous = fleet.CreateClient();
        var wrong = await (await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha-viewer", password = "wrong-password-123" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody-at-all", password = "wrong-password-123" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());

        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var user = await admin.PostOkAsync("/api/users", new { userName = "auth-to-disable", role = "engineer", password = FleetFixture.Password });
        var session = await anonymous.PostOkAsync("/api/auth/sign-in", new { userName = "auth-to-disable", password = FleetFixture.Password }, HttpStatusCode.OK);
        using var victim = fleet.ClientWithToken(session.GetProperty("token").GetString()!);
        await victim.GetOkAsync("/api/sites");

        await admin.SendOkAsync(HttpMethod.Patch, $"/api/users/{user.Id()}", new { disabled = true }, HttpStatusCode.OK);
        await (await victim.GetAsync("/api/sites")).AssertProblemAsync(HttpStatusCode.Unauthorized); // session ended at once
        await (await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "auth-to-disable", password = FleetFixture.Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Passwords_are_stored_as_identity_hashes_and_weak_ones_are_refused()
    {
        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var weak = await (await admin.PostAsJsonAsync("/api/users", new { userName = "auth-weak", role = "viewer", password = "short" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(weak.GetProperty("errors").TryGetProperty("password", out _));

        var user = await admin.PostOkAsync("/api/users", new { userName = "auth-hash", role = "viewer", password = FleetFixture.Password });
        var hash = await fleet.InSystemScopeAsync(services =>
            services.GetRequiredService<FleetDbContext>().Users.Where(u => u.Id == user.Id()).Select(u => u.PasswordHash).SingleAsync());
        Assert.DoesNotContain(FleetFixture.Password, hash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // Identity's v3 format: PBKDF2 with a salt
        Assert.DoesNotContain("passwordHash", (await admin.GetAsync($"/api/users/{user.Id()}")).Content.ReadAsStringAsync().Result, StringComparison.OrdinalIgnoreCase);

        await (await admin.PostAsJsonAsync("/api/users", new { userName = "beta-viewer", role = "viewer", password = FleetFixture.Password }))
            .AssertProblemAsync(HttpStatusCode.Conflict); // names are unique across tenants
    }

    [SkippableFact]
    public async Task An_api_key_acts_with_its_role_until_revoked_and_its_secret_is_only_hashed()
    {
        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var created = await admin.PostOkAsync("/api/api-keys", new { name = "auth-ci-job", role = "technician" });
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith(BearerTokens.ApiKeyPrefix, token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, (await admin.GetAsync("/api/api-keys")).Content.ReadAsStringAsync().Result, StringComparison.Ordinal);
        var stored = await fleet.InSystemScopeAsync(services =>
            services.GetRequiredService<FleetDbContext>().ApiKeys.Where(k => k.Name == "auth-ci-job").Select(k => k.SecretHash).SingleAsync());
        Assert.Equal(BearerTokens.Hash(token), stored);

        using var key = fleet.ClientWithToken(token);
        var me = await key.GetOkAsync("/api/auth/me");
        Assert.Equal("apikey:auth-ci-job", me.GetProperty("actor").GetString());
        var site = await admin.PostOkAsync("/api/sites", new { name = "Key farm" });
        await key.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "key-node", kind = "node" }); // technician may
        await (await key.PostAsJsonAsync("/api/sites", new { name = "Key farm 2" })).AssertProblemAsync(HttpStatusCode.Forbidden);

        await admin.SendOkAsync(HttpMethod.Delete, $"/api/api-keys/{created.GetProperty("key").Id()}", null, HttpStatusCode.NoContent);
        await (await key.GetAsync("/api/sites")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Api_key_expiry_is_utc_in_the_future_and_an_expired_key_is_refused()
    {
        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var past = DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var refused = await (await admin.PostAsJsonAsync("/api/api-keys", new { name = "auth-past", role = "viewer", expiresAt = past }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(refused.GetProperty("errors").TryGetProperty("expiresAt", out _));

        var created = await admin.PostOkAsync("/api/api-keys", new { name = "auth-expiring", role = "viewer", expiresAt = "2099-01-01T12:00:00+02:00" });
        Assert.Equal(new DateTime(2099, 1, 1, 10, 0, 0, DateTimeKind.Utc), created.GetProperty("key").GetProperty("expiresAt").GetDateTime().ToUniversalTime());
        using var key = fleet.ClientWithToken(created.GetProperty("token").GetString()!);
        await key.GetOkAsync("/api/sites");

        var keyId = created.GetProperty("key").Id();
        await fleet.InSystemScopeAsync(services => services.GetRequiredService<FleetDbContext>().ApiKeys.Where(k => k.Id == keyId)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        await (await key.GetAsync("/api/sites")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task An_admin_cannot_lock_themselves_out()
    {
        var me = await fleet.InSystemScopeAsync(services =>
            services.GetRequiredService<FleetDbContext>().Users.Where(u => u.UserName == "beta-admin").Select(u => u.Id).SingleAsync());
        using var admin = fleet.Client(fleet.Beta, FleetRole.Admin);
        await (await admin.PatchAsJsonAsync($"/api/users/{me}", new { role = "viewer" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.PatchAsJsonAsync($"/api/users/{me}", new { disabled = true })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}

public sealed class SqliteAuthTests(SqliteFleet fleet) : AuthTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresAuthTests(PostgresFleet fleet) : AuthTests(fleet), IClassFixture<PostgresFleet>;

/// <summary>A server whose sign-in allows 3 attempts per minute.</summary>
public abstract class StrictSignInFleet(DatabaseProvider provider) : FleetFixture(provider)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Fleet:Api:SignInPermitsPerMinute"] = "3" };
}

public sealed class SqliteStrictSignInFleet() : StrictSignInFleet(DatabaseProvider.Sqlite);

public sealed class PostgresStrictSignInFleet() : StrictSignInFleet(DatabaseProvider.PostgreSQL);

/// <summary>Sign-in is rate-limited per client address: past the limit, 429 problems with Retry-After.</summary>
public abstract class SignInRateLimitTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Sign_in_past_the_limit_is_a_429_problem_and_other_endpoints_are_not_limited()
    {
        using var anonymous = fleet.CreateClient();
        // This fixture allows 3 attempts per minute (it seeds its sessions without signing in).
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha-viewer", password = "wrong-password-123" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.Contains("Fleet:Api:SignInPermitsPerMinute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        using var viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        for (var i = 0; i < 10; i++)
        {
            await viewer.GetOkAsync("/api/sites");
        }
    }
}

public sealed class SqliteSignInRateLimitTests(SqliteStrictSignInFleet fleet) : SignInRateLimitTests(fleet), IClassFixture<SqliteStrictSignInFleet>;

public sealed class PostgresSignInRateLimitTests(PostgresStrictSignInFleet fleet) : SignInRateLimitTests(fleet), IClassFixture<PostgresStrictSignInFleet>;
