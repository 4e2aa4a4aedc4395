using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>The repository's config files (examples, schema, docs) and the real profiles they are checked against.</summary>
internal static class ConfigFiles
{
    public static readonly IReadOnlyList<DeviceProfile> Profiles =
        ProfileLoader.LoadDirectory(ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory)!);

    public static string Root { get; } = FindRoot();

    public static string Schema => Path.Combine(Root, "gateway", "config.schema.json");

    public static string Docs => Path.Combine(Root, "docs", "configuration.md");

    public static string TankFarm => Example("tank-farm.yaml");

    public static string RtuSite => Example("rtu-site.yaml");

    public static string[] Examples => Directory.GetFiles(Path.Combine(Root, "gateway", "examples"), "*.yaml").Order(StringComparer.Ordinal).ToArray();

    public static string Example(string name) => Path.Combine(Root, "gateway", "examples", name);

    public static ConfigResult Parse(string yaml) => SiteConfigLoader.Parse(yaml, "site.yaml", Profiles);

    /// <summary>The errors of a config that must not load.</summary>
    public static IReadOnlyList<YamlError> Errors(string yaml)
    {
        ConfigResult result = Parse(yaml);
        Assert.False(result.IsValid, "expected errors, but the config loaded");
        Assert.Null(result.Config);
        return result.Errors;
    }

    /// <summary>Lines joined with '\n', so a test can say which line an error must point at.</summary>
    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static string FindRoot()
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

/// <summary>A small valid config that tests break one line at a time.</summary>
internal static class MinimalConfig
{
    public static readonly string[] Head =
    [
        "gateway:",                       // 1
        "  id: gw-test",                  // 2
        "  site: Test site",              // 3
        "buses:",                         // 4
        "  - name: sim",                  // 5
        "    type: tcp",                  // 6
        "    host: 127.0.0.1",            // 7
        "    port: 5020",                 // 8
        "devices:",                       // 9
    ];

    /// <summary>Head plus one PT495 combustible gas detector at unit 1 with the GB/T 50493 preset (lines 10-17).</summary>
    public static readonly string[] WithGasDetector =
    [
        .. Head,
        "  - name: lel",                  // 10
        "    bus: sim",                   // 11
        "    profile: pemtech-pt495",     // 12
        "    unit_id: 1",                 // 13
        "    tags:",                      // 14
        "      - name: concentration",    // 15
        "        alarms:",                // 16
        "          preset: combustible_gas", // 17
    ];

    public static string Text(params string[] more) => ConfigFiles.Lines([.. WithGasDetector, .. more]);
}
