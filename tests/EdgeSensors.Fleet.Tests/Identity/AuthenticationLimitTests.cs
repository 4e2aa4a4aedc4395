using System.Net;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Identity;

/// <summary>A server that allows 3 enrolment attempts and 3 unknown bearer tokens per address and minute.</summary>
public abstract class StrictAuthenticationFleet(DatabaseProvider provider) : FleetFixture(provider)
{
    public const int Permits = 3;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:Api:SignInPermitsPerMinute"] = "3", // also the enrolment endpoint's limit, counted apart from sign-in
        ["Fleet:Api:FailedTokenPermitsPerMinute"] = "3",
    };
}

public sealed class SqliteStrictAuthenticationFleet() : StrictAuthenticationFleet(DatabaseProvider.Sqlite);

public sealed class PostgresStrictAuthenticationFleet() : StrictAuthenticationFleet(DatabaseProvider.PostgreSQL);

/// <summary>
/// "Rate limiting on authentication" beyond sign-in: device enrolment and bearer tokens (sessions, API keys) that
/// match nothing are limited per client address, answered with a 429 problem and Retry-After.
/// </summary>
public abstract class AuthenticationLimitTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Enrolment_past_the_limit_is_a_429_problem_with_retry_after()
    {
        using var anonymous = fleet.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < StrictAuthenticationFleet.Permits + 2; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/enrol", new { token = $"esen_guessed-token-{i}", kind = "gateway", requestedId = $"gw-guess-{i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.Contains("Fleet:Api:SignInPermitsPerMinute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [SkippableFact]
    public async Task Unknown_bearer_tokens_past_the_limit_get_429_and_then_even_a_valid_token_waits()
    {
        using var viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        await viewer.GetOkAsync("/api/sites"); // a valid token costs nothing from the failure allowance

        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { "essn_guessed-1", "esak_guessed-2", "not-a-fleet-token", "essn_guessed-4", "esak_guessed-5" })
        {
            using var guesser = fleet.ClientWithToken(token);
            using var response = await guesser.GetAsync("/api/sites");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.Contains("Fleet:Api:FailedTokenPermitsPerMinute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
            }
            else
            {
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // The limit is per address, not per token: the same address is refused before any lookup until the window ends.
        using var refused = await viewer.GetAsync("/api/sites");
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);

        // Anonymous endpoints take no bearer token and stay open (here: the health check).
        using var anonymous = fleet.CreateClient();
        using var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

public sealed class SqliteAuthenticationLimitTests(SqliteStrictAuthenticationFleet fleet) : AuthenticationLimitTests(fleet), IClassFixture<SqliteStrictAuthenticationFleet>;

public sealed class PostgresAuthenticationLimitTests(PostgresStrictAuthenticationFleet fleet) : AuthenticationLimitTests(fleet), IClassFixture<PostgresStrictAuthenticationFleet>;
