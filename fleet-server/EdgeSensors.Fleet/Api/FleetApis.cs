namespace EdgeSensors.Fleet.Api;

/// <summary>The core's resource APIs, one file per resource (Registry/, Identity/, Audit/).</summary>
public static class FleetApis
{
    public static RouteGroupBuilder MapFleetApis(this RouteGroupBuilder api) => api;
}
