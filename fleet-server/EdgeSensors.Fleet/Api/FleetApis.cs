using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Registry;

namespace EdgeSensors.Fleet.Api;

/// <summary>The core's resource APIs, one file per resource (Registry/, Identity/, Audit/).</summary>
public static class FleetApis
{
    public static RouteGroupBuilder MapFleetApis(this RouteGroupBuilder api) => api
        .MapAuthApi()
        .MapUsersApi()
        .MapApiKeysApi()
        .MapTenantApi()
        .MapSitesApi()
        .MapAreasApi()
        .MapDevicesApi()
        .MapTagsApi()
        .MapAuditApi();
}
