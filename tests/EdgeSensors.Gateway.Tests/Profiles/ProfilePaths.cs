using EdgeSensors.Profiles.Loading;

namespace EdgeSensors.Gateway.Tests.Profiles;

/// <summary>The repository's hardware/profiles directory, found by walking up from the test binaries.</summary>
internal static class ProfilePaths
{
    public static string Directory =>
        ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("hardware/profiles not found above " + AppContext.BaseDirectory);

    public static readonly string[] Instruments =
    [
        "generic-rs485-transmitter", "keller-series30", "pemtech-pt495", "sierra-monitor-5100", "vegapuls-c21",
    ];

    public static TheoryData<string> InstrumentData()
    {
        var data = new TheoryData<string>();
        foreach (string id in Instruments)
        {
            data.Add(id);
        }

        return data;
    }

    public static string ProfileFile(string id) => Path.Combine(Directory, id, ProfileLoader.ProfileFileName);

    public static string FixtureFile(string id) => Path.Combine(Directory, id, "fixture.yaml");
}
