using EdgeSensors.Fleet.Enrolment;

namespace EdgeSensors.Fleet.Hosting;

/// <summary>
/// The extension point for feature folders that come after the registry: Enrolment/ (and the broker), Configs/,
/// Rollouts/. Each adds one line to each method below; everything else (database, auth, audit, problems, OpenAPI)
/// they get from the core.
/// </summary>
internal static class FleetModules
{
    /// <summary>Services of the feature modules.</summary>
    public static void AddFeatureModules(this WebApplicationBuilder builder)
    {
        builder.AddEnrolment();
        Configs.ConfigsModule.AddConfigs(builder);
        Broker.ConfigDeliveryModule.AddBrokerConfigDelivery(builder);
        Rollouts.RolloutsModule.AddRollouts(builder);
        Live.LiveModule.AddLive(builder);
    }

    /// <summary>Endpoints of the feature modules, under "/api" with authentication required unless an endpoint opts out.</summary>
    public static void MapFeatureModules(this RouteGroupBuilder api)
    {
        api.MapEnrolment();
        Configs.Api.ConfigsApi.MapConfigsApi(api);
        Configs.Api.TemplatesApi.MapTemplatesApi(api);
        Rollouts.Api.RolloutsApi.MapRolloutsApi(api);
        Live.LiveModule.MapLive(api);
    }
}
