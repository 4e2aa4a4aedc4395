namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server for the tests: EDGESENSORS_TEST_PG, a Npgsql connection string of a role that may create
/// databases. Locally a missing server skips the PostgreSQL half of each suite; under CI=true it fails it.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "EDGESENSORS_TEST_PG";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string MissingReason =>
        $"{Variable} is not set; run tests/run-all.sh (it installs and starts PostgreSQL) or export {Variable}=\"Host=127.0.0.1;Username=...;Password=...;Database=postgres\".";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (locally) or fails (CI) when the server is missing.</summary>
    public static void Require()
    {
        if (ConnectionString is not null)
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException("CI=true and PostgreSQL is missing: " + MissingReason);
        }

        Skip.If(true, MissingReason);
    }
}
