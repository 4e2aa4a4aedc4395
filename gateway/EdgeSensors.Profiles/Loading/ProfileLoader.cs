using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Loads and validates device profiles from hardware/profiles/&lt;instrument&gt;/profile.yaml.</summary>
public static class ProfileLoader
{
    /// <summary>Set this to a hardware/profiles directory to override the search (e.g. in a deployed gateway).</summary>
    public const string DirectoryVariable = "EDGESENSORS_PROFILES";

    public const string ProfileFileName = "profile.yaml";

    /// <summary>Loads one profile file. Throws <see cref="ProfileException"/> listing every problem found.</summary>
    public static DeviceProfile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileException([new YamlError(path, 0, 0, string.Empty, $"cannot read the file: {ex.Message}")]);
        }

        return Parse(text, path);
    }

    /// <summary>Parses profile text; <paramref name="fileName"/> is only used in messages.</summary>
    public static DeviceProfile Parse(string yaml, string fileName)
    {
        var sink = new ErrorSink(fileName);
        DeviceProfile? profile = TryParse(yaml, sink);
        if (profile is null || sink.Errors.Count > 0)
        {
            if (sink.Errors.Count == 0)
            {
                sink.Add((Mark?)null, string.Empty, "the profile could not be read");
            }

            throw new ProfileException(sink.Errors);
        }

        return profile;
    }

    /// <summary>Loads every &lt;dir&gt;/*/profile.yaml, sorted by id. Collects the errors of all files before throwing.</summary>
    public static IReadOnlyList<DeviceProfile> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ProfileException([new YamlError(directory, 0, 0, string.Empty, $"profiles directory not found: set {DirectoryVariable} or pass the hardware/profiles path")]);
        }

        var profiles = new List<DeviceProfile>();
        var errors = new List<YamlError>();
        foreach (string folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, ProfileFileName);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                DeviceProfile profile = Load(path);
                if (profiles.FirstOrDefault(p => p.Id == profile.Id) is { } twin)
                {
                    errors.Add(new YamlError(path, 0, 0, "id", $"id '{profile.Id}' is also used by {twin.SourcePath}: ids must be unique"));
                    continue;
                }

                if (!string.Equals(Path.GetFileName(folder), profile.Id, StringComparison.Ordinal))
                {
                    errors.Add(new YamlError(path, 0, 0, "id", $"id '{profile.Id}' differs from its folder name '{Path.GetFileName(folder)}': rename one so they match"));
                    continue;
                }

                profiles.Add(profile);
            }
            catch (ProfileException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfileException(errors);
        }

        return profiles.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The hardware/profiles directory: <see cref="DirectoryVariable"/> if set, else the first one found walking up
    /// from the application's base directory (so tests and `dotnet run` find the repository's copy).
    /// </summary>
    public static string? FindProfilesDirectory() =>
        FindProfilesDirectory(Environment.GetEnvironmentVariable(DirectoryVariable), AppContext.BaseDirectory);

    /// <summary>The same search with its inputs given: <paramref name="configured"/> wins when set.</summary>
    public static string? FindProfilesDirectory(string? configured, string start)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        return FindProfilesDirectoryFrom(start);
    }

    public static string? FindProfilesDirectoryFrom(string start)
    {
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "hardware", "profiles");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static DeviceProfile? TryParse(string yaml, ErrorSink sink)
    {
        YamlMappingNode? root = YamlText.LoadMapping(yaml, sink, "id: ..., manufacturer: ..., tags: [...]");
        if (root is null)
        {
            return null;
        }

        var reader = new ProfileReader(sink);
        DeviceProfile? profile = reader.Read(root);
        new ProfileValidator(sink).Validate(reader.Parsed);
        return profile;
    }
}
