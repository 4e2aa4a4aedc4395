using EdgeSensors.Fleet.Configs.Api;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Profiles.Loading;

namespace EdgeSensors.Fleet.Configs;

/// <summary>
/// Wires Configs/ into the server: the validator over the instrument profiles (hardware/profiles, or
/// $EDGESENSORS_PROFILES in a deployment) and the delivery service.
/// </summary>
public static class ConfigsModule
{
    public static void AddConfigs(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ =>
        {
            string directory = ProfileLoader.FindProfilesDirectory()
                ?? throw new InvalidOperationException($"The instrument profiles were not found: set {ProfileLoader.DirectoryVariable} to the hardware/profiles directory; configs are validated against them.");
            return new ConfigValidator(ProfileLoader.LoadDirectory(directory));
        });
        builder.Services.AddSingleton<NodeConfigValidator>();
        builder.Services.AddSingleton<Revisions.ConfigSchemas>();
        builder.Services.AddScoped<ConfigDelivery>();
    }
}
