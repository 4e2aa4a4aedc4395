using System.Net;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Identity;

/// <summary>A server that allows 3 sign-in attempts per user name and 6 per address in any 60 s.</summary>
public abstract class SharedSignInLimitFleet(DatabaseProvider provider) : FleetFixture(provider)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:Api:SignInPermitsPerMinute"] = "6",
        ["Fleet:Api:SignInPermitsPerUserPerMinute"] = "3",
    };
}

public sealed class SqliteSharedSignInLimitFleet() : SharedSignInLimitFleet(DatabaseProvider.Sqlite);

public sealed class PostgresSharedSignInLimitFleet() : SharedSignInLimitFleet(DatabaseProvider.PostgreSQL);

/// <summary>
/// The sign-in limit is counted in the database: two instances on one database share it, per user name and per
/// client address, so scaling out does not multiply the attempts an attacker gets.
/// </summary>
public abstract class SignInLimitScaleOutTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Two_instances_share_the_per_user_and_the_per_address_limit()
    {
        await using var second = fleet.NewInstance();
        using var one = fleet.CreateClient();
        using var two = second.CreateClient();

        // Per user: 3 attempts in all, alternating instances; then 429 on both, with Retry-After.
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using var response = await (i % 2 == 0 ? one : two).PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha-viewer", password = "wrong-password-123" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.Contains("Fleet:Api:SignInPermitsPerUserPerMinute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                var retry = response.Headers.RetryAfter?.Delta;
                Assert.True(retry is { TotalSeconds: >= 1 and <= 60 }, $"Retry-After {retry}");
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // Even the right password waits: the limit is on attempts, not failures. Another user is not held up.
        using (var right = await one.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha-viewer", password = FleetFixture.Password }))
        {
            await right.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        }

        using (var other = await two.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha-admin", password = FleetFixture.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        // Per address (the test server's one client address): 3 + 1 counted so far; 2 more fit, the next is refused.
        foreach (var (client, user) in new[] { (one, "alpha-engineer"), (two, "alpha-technician") })
        {
            using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password = FleetFixture.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var refused = await one.PostAsJsonAsync("/api/auth/sign-in", new { userName = "beta-viewer", password = FleetFixture.Password });
        var addressProblem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Fleet:Api:SignInPermitsPerMinute", addressProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Two_instances_share_the_enrolment_limit_per_address_apart_from_sign_in()
    {
        await using var second = fleet.NewInstance();
        using var one = fleet.CreateClient();
        using var two = second.CreateClient();

        // 6 guessed tokens per address in all, alternating instances: 401 each; then 429 on both, naming the setting.
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 8; i++)
        {
            using var response = await (i % 2 == 0 ? one : two).PostAsJsonAsync("/api/enrol", new { token = $"esen_guessed-{i}", kind = "gateway", requestedId = $"gw-guess-{i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                string detail = problem.GetProperty("detail").GetString()!;
                Assert.Contains("enrolment attempts", detail, StringComparison.Ordinal);
                Assert.Contains("Fleet:Api:SignInPermitsPerMinute", detail, StringComparison.Ordinal);
                Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}

public sealed class SqliteSignInLimitScaleOutTests(SqliteSharedSignInLimitFleet fleet) : SignInLimitScaleOutTests(fleet), IClassFixture<SqliteSharedSignInLimitFleet>;

public sealed class PostgresSignInLimitScaleOutTests(PostgresSharedSignInLimitFleet fleet) : SignInLimitScaleOutTests(fleet), IClassFixture<PostgresSharedSignInLimitFleet>;
