using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Cli.Reading;

/// <summary>Finds device profiles for --profile/--profiles: by id in a directory, or a profile.yaml path given directly.</summary>
public static class ProfileCatalog
{
    /// <summary>The --profiles directory, else $EDGESENSORS_PROFILES, else hardware/profiles found upwards.</summary>
    public static string ResolveDirectory(string? directory)
    {
        if (directory is not null)
        {
            return Directory.Exists(directory)
                ? Path.GetFullPath(directory)
                : throw new CliUsageException($"--profiles {directory}: no such directory");
        }

        return ProfileLoader.FindProfilesDirectory()
            ?? ProfileLoader.FindProfilesDirectoryFrom(Environment.CurrentDirectory)
            ?? throw new CliUsageException(
                $"no profiles directory found: pass --profiles DIR or set {ProfileLoader.DirectoryVariable} to hardware/profiles");
    }

    public static DeviceProfile Load(string name, string? directory)
    {
        try
        {
            if (File.Exists(name))
            {
                return ProfileLoader.Load(name);
            }

            string root = ResolveDirectory(directory);
            string path = Path.Combine(root, name, ProfileLoader.ProfileFileName);
            if (!File.Exists(path))
            {
                IEnumerable<string> known = Directory.GetDirectories(root)
                    .Where(d => File.Exists(Path.Combine(d, ProfileLoader.ProfileFileName)))
                    .Select(Path.GetFileName)
                    .OfType<string>()
                    .Order(StringComparer.Ordinal);
                throw new CliUsageException($"--profile {name}: no such profile in {root}; known: {string.Join(", ", known)}");
            }

            return ProfileLoader.Load(path);
        }
        catch (ProfileException ex)
        {
            throw new CliUsageException($"--profile {name}: {ex.Errors.Count} problem(s), first: {ex.Errors[0]}");
        }
    }

    public static IReadOnlyList<DeviceProfile> LoadAll(string? directory)
    {
        try
        {
            return ProfileLoader.LoadDirectory(ResolveDirectory(directory));
        }
        catch (ProfileException ex)
        {
            throw new CliUsageException($"profiles: {ex.Errors.Count} problem(s), first: {ex.Errors[0]}");
        }
    }
}
