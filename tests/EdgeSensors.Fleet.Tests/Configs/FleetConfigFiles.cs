using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Fleet.Tests.Configs;

/// <summary>The repository's real profiles and example config, which the fleet's config tests start from.</summary>
internal static class FleetConfigFiles
{
    public static readonly IReadOnlyList<DeviceProfile> Profiles =
        ProfileLoader.LoadDirectory(ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory)!);

    public static readonly ConfigValidator Validator = new(Profiles);

    /// <summary>gateway/examples/tank-farm.yaml: devices 0 t101-lel, 1 t101-h2s, 2 t102-lel, 3 t101-level, 4 p201-pressure, 5 t102-pressure.</summary>
    public static string TankFarm { get; } = File.ReadAllText(Path.Combine(Root(), "gateway", "examples", "tank-farm.yaml"));

    /// <summary>The tank farm with one exact piece of text replaced; fails when the text is not there, so an edit never silently misses.</summary>
    public static string TankFarmWith(string find, string replace)
    {
        Assert.Contains(find, TankFarm, StringComparison.Ordinal);
        return TankFarm.Replace(find, replace, StringComparison.Ordinal);
    }

    private static string Root()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeSensors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeSensors.sln not found above " + AppContext.BaseDirectory);
    }
}
