using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads every section of a site config in one pass, so all errors are reported together.</summary>
internal sealed class SiteConfigReader(ErrorSink sink, IReadOnlyList<DeviceProfile> profiles, string baseDirectory)
{
    public SiteConfig? Read(YamlMappingNode root)
    {
        var map = new YamlMap(root, string.Empty, sink, ConfigVocabulary.RootKeys);
        GatewayIdentity? gateway = ReadGateway(map.Map("gateway", ConfigVocabulary.GatewayKeys, required: true));
        var busReader = new BusReader(sink);
        IReadOnlyList<BusConfig> buses = busReader.ReadAll(map);
        var deviceReader = new DeviceReader(sink, profiles, buses, busReader.Declared);
        IReadOnlyList<DeviceConfig> devices = deviceReader.ReadAll(map);
        IReadOnlyList<OutputConfig> outputs = new OutputReader(sink, devices, deviceReader.Declared).ReadAll(map);
        UpstreamConfig? upstream = new UpstreamReader(sink, baseDirectory).Read(map.Map("upstream", ConfigVocabulary.UpstreamKeys), gateway?.Id);
        StorageConfig? storage = new StorageReader(baseDirectory).Read(map.Map("storage", ConfigVocabulary.StorageKeys));
        if (gateway is null || storage is null)
        {
            return null;
        }

        return new SiteConfig
        {
            Gateway = gateway,
            Buses = [.. buses],
            Devices = [.. devices],
            Outputs = [.. outputs],
            Upstream = upstream,
            Storage = storage,
        };
    }

    private static GatewayIdentity? ReadGateway(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        string? id = ConfigNames.Read(map, "id", "gateway id", "tank-farm-gw-01");
        string? site = map.String("site", required: true);
        if (site is not null && string.IsNullOrWhiteSpace(site))
        {
            map.Error("site", "'site' is empty", "name the site for people reading alarms, e.g. site: \"Tank area 1, North plant\"");
            site = null;
        }

        return id is null || site is null ? null : new GatewayIdentity(id, site);
    }
}

/// <summary>The mappings of a list section, reporting items that are not mappings.</summary>
internal static class ListItems
{
    public static IEnumerable<YamlMap> Read(YamlMap parent, string key, string itemShape, IReadOnlyCollection<string> knownKeys, bool required)
    {
        IReadOnlyList<YamlNode>? items = parent.Sequence(key, itemShape, required);
        if (items is null)
        {
            yield break;
        }

        if (items.Count == 0 && required)
        {
            parent.Error(key, $"'{key}' is empty", $"list at least one item, each starting with '{itemShape}'");
        }

        for (int i = 0; i < items.Count; i++)
        {
            string path = parent.Item(key, i);
            if (items[i] is not YamlMappingNode node)
            {
                parent.Sink.Add(items[i], path, "each item must be a mapping", $"start it with '{itemShape}' and put its keys below");
                continue;
            }

            yield return new YamlMap(node, path, parent.Sink, knownKeys);
        }
    }
}
