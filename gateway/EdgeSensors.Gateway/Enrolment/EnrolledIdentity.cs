using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSensors.Gateway.Enrolment;

/// <summary>
/// What `edgesensors enroll` got from the fleet server: the gateway's device id, its MQTT login and its config key.
/// Kept in DATA_DIR/enrolment.json (owner read/write only, written atomically); `edgesensors run` reads it and
/// reports under that id with that login (<see cref="EnrolmentOverlay"/>). docs/enrolment.md describes the file.
/// </summary>
public sealed record EnrolledIdentity
{
    public const string FileName = "enrolment.json";

    /// <summary>DATA_DIR/config.key: the config key as 64 hex digits, mode 0600, the form upstream.config_key_file reads.</summary>
    public const string ConfigKeyFileName = "config.key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The fleet server's base URL the gateway enrolled with.</summary>
    [JsonPropertyName("server")]
    public required string Server { get; init; }

    /// <summary>The device id: topic level, MQTT client id and user name.</summary>
    [JsonPropertyName("deviceId")]
    public required string DeviceId { get; init; }

    [JsonPropertyName("registryId")]
    public required Guid RegistryId { get; init; }

    [JsonPropertyName("siteId")]
    public required Guid SiteId { get; init; }

    /// <summary>1 at first enrolment, +1 with every re-keying.</summary>
    [JsonPropertyName("generation")]
    public required int Generation { get; init; }

    [JsonPropertyName("enrolledAt")]
    public required DateTimeOffset EnrolledAt { get; init; }

    /// <summary>mqtt://host:port or mqtts://host:port.</summary>
    [JsonPropertyName("broker")]
    public required string Broker { get; init; }

    [JsonPropertyName("username")]
    public required string Username { get; init; }

    [JsonPropertyName("password")]
    public required string Password { get; init; }

    [JsonPropertyName("clientId")]
    public required string ClientId { get; init; }

    [JsonPropertyName("topicPrefix")]
    public required string TopicPrefix { get; init; }

    /// <summary>Base64 of the 32-byte key signed configs are verified with.</summary>
    [JsonPropertyName("configKey")]
    public required string ConfigKey { get; init; }

    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(dataDirectory, FileName);

    public static string ConfigKeyPathIn(string dataDirectory) => System.IO.Path.Combine(dataDirectory, ConfigKeyFileName);

    /// <summary>The identity in <paramref name="dataDirectory"/>, or null when the gateway never enrolled there.</summary>
    public static EnrolledIdentity? Load(string dataDirectory)
    {
        string path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EnrolledIdentity>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid enrolment file ({ex.Message}); fix: enrol again with `edgesensors enroll --server URL --token T --data-dir {dataDirectory}`", ex);
        }
    }

    /// <summary>
    /// Writes the file so that no reader ever sees half of it and nobody but the owner can read the password: a
    /// temporary file created with mode 0600, flushed to disk, then renamed over the old one.
    /// </summary>
    public void Save(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);

        // The key also goes to its own file, so that fleet-sealed configs verify without a config_key_file in the YAML.
        WritePrivate(ConfigKeyPathIn(dataDirectory), stream =>
        {
            byte[] hex = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Convert.FromBase64String(ConfigKey)) + "\n");
            stream.Write(hex);
        });
        WritePrivate(PathIn(dataDirectory), stream => JsonSerializer.Serialize(stream, this, Json));
    }

    private static void WritePrivate(string path, Action<Stream> write)
    {
        string temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            if (!OperatingSystem.IsWindows())
            {
                // Create mode is honoured only for a new file; an old leftover temp file keeps its mode otherwise.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
