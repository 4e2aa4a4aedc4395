using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Rollouts.Engine;
using EdgeSensors.Fleet.Rollouts.Hosting;

namespace EdgeSensors.Fleet.Rollouts;

/// <summary>
/// Wires Rollouts/ into the server: the runner, the engine lock (PostgreSQL advisory lock, or always granted on SQLite,
/// which one process owns), the resender of unacknowledged desired configs, and the hosted engine.
/// </summary>
public static class RolloutsModule
{
    public static void AddRollouts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RolloutOptions>().Bind(builder.Configuration.GetSection(RolloutOptions.Section));
        services.AddSingleton<RolloutBodies>();
        services.AddScoped<RolloutRunner>();
        services.AddScoped<Redelivery.DesiredConfigResender>();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        string? connectionString = builder.Configuration.GetConnectionString(FleetDatabase.ConnectionStringName);
        services.AddSingleton<IRolloutLock>(_ => database.Provider == DatabaseProvider.PostgreSQL
            ? new PostgresRolloutLock(connectionString ?? throw new InvalidOperationException("Fleet:Database:Provider is PostgreSQL but ConnectionStrings:Fleet is empty."))
            : new SingleProcessRolloutLock());
        services.AddSingleton<RolloutEngineService>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutEngineService>());
    }
}
