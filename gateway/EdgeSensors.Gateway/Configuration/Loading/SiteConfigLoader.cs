using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>
/// Reads and validates a gateway site config (gateway/examples/*.yaml, schema gateway/config.schema.json,
/// keys in docs/configuration.md) against the instrument profiles it names.
/// </summary>
public static class SiteConfigLoader
{
    /// <summary>Reads <paramref name="path"/>; relative paths inside it are resolved against its directory.</summary>
    public static ConfigResult Load(string path, IReadOnlyList<DeviceProfile> profiles)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ConfigResult.Invalid([new YamlError(path, 0, 0, string.Empty, $"cannot read the file: {ex.Message}", "check the path and that the gateway user may read it")]);
        }

        return Parse(text, path, profiles);
    }

    /// <summary>
    /// Validates config text. <paramref name="fileName"/> names the file in messages, and its directory is the base
    /// of relative paths (data_dir, password_file, TLS files).
    /// </summary>
    public static ConfigResult Parse(string yaml, string fileName, IReadOnlyList<DeviceProfile> profiles)
    {
        var sink = new ErrorSink(fileName);
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? Environment.CurrentDirectory;
        YamlMappingNode? root = YamlText.LoadMapping(yaml, sink, "gateway: ..., buses: [...], devices: [...]");
        SiteConfig? config = root is null ? null : new SiteConfigReader(sink, profiles, baseDirectory).Read(root);
        if (config is null || sink.Errors.Count > 0)
        {
            return ConfigResult.Invalid(sink.Errors);
        }

        return ConfigResult.Valid(config with { SourcePath = fileName });
    }
}
