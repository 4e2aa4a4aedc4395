using System.Globalization;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads 'storage:': the store-and-forward queue's directory, size and age limits, backfill pace and durability.</summary>
internal sealed class StorageReader(string baseDirectory)
{
    /// <summary>The store's own minimum (docs/storage.md).</summary>
    private const long MinBytes = 64L << 10;

    private static readonly (string Suffix, long Factor)[] Sizes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("kB", 1000), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000), ("B", 1),
    ];

    public StorageConfig? Read(YamlMap? map)
    {
        string dataDir = map?.String("data_dir") ?? ConfigDefaults.DataDirectory;
        if (map is not null && string.IsNullOrWhiteSpace(dataDir))
        {
            map.Error("data_dir", "'data_dir' is empty", $"give a directory on persistent storage, e.g. {ConfigDefaults.DataDirectory}");
            return null;
        }

        long maxBytes = map is null ? ConfigDefaults.MaxBytes : ReadSize(map) ?? ConfigDefaults.MaxBytes;
        double maxAgeDays = map is null ? ConfigDefaults.MaxAgeDays : ReadMaxAge(map) ?? ConfigDefaults.MaxAgeDays;
        long backfill = map?.Integer("backfill_rate", 1, 100_000) ?? ConfigDefaults.BackfillRate;
        SynchronousMode synchronous = map is null ? SynchronousMode.Full : ReadSynchronous(map);
        return new StorageConfig
        {
            DataDirectory = Path.GetFullPath(dataDir, baseDirectory),
            MaxBytes = maxBytes,
            MaxAge = TimeSpan.FromDays(maxAgeDays),
            BackfillRate = (int)backfill,
            Synchronous = synchronous,
        };
    }

    /// <summary>Bytes as an integer (1073741824) or with a unit ("512 MiB", "2 GB").</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        string trimmed = text.Trim();
        long factor = 1;
        foreach ((string suffix, long value) in Sizes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = value;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number) || number < 0)
        {
            return false;
        }

        double total = number * factor;
        if (total > long.MaxValue)
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    private long? ReadSize(YamlMap map)
    {
        string? text = map.String("max_bytes");
        if (text is null)
        {
            return null;
        }

        if (!TryParseSize(text, out long bytes))
        {
            map.Error("max_bytes", $"'{text}' is not a size", "write bytes (1073741824) or a number with KiB, MiB, GiB, TiB, kB, MB, GB or TB (e.g. 2 GiB)");
            return null;
        }

        if (bytes < MinBytes)
        {
            map.Error("max_bytes", $"{bytes} bytes is too small to hold a useful backlog", "give at least 64 KiB; size it for the longest outage you must ride out (docs/storage.md: 256 MiB holds about 5 hours at 50 readings/s)");
            return null;
        }

        return bytes;
    }

    private double? ReadMaxAge(YamlMap map)
    {
        double? days = map.Number("max_age_days", 0, 3650, "days");
        if (days is not null && days < ConfigDefaults.MaxAgeDays)
        {
            map.Error("max_age_days", $"{YamlMap.Format(days.Value)} days would drop unsent readings before the 30 days the national rule on major hazard sources asks records to be kept, if an outage lasted that long", "set max_age_days: 30 or more");
            return null;
        }

        return days;
    }

    private static SynchronousMode ReadSynchronous(YamlMap map)
    {
        if (map.String("synchronous") == "off")
        {
            map.Error("synchronous", "synchronous: off lets a power cut lose readings the gateway already counted as stored", "use full (the default: every stored reading survives a power cut) or normal");
            return SynchronousMode.Full;
        }

        return map.Enum("synchronous", ConfigVocabulary.SyncModes) ?? SynchronousMode.Full;
    }
}
