using System.Globalization;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Cli.Output;

/// <summary>Renders a config check: a summary and device table when valid, one line per error when not, or one JSON document.</summary>
public static class ConfigCheckView
{
    public static void Write(CommandOutput output, string path, ConfigResult result)
    {
        if (output.IsJson)
        {
            output.JsonLine(json => WriteJson(json, path, result));
            return;
        }

        if (!result.IsValid)
        {
            foreach (YamlError error in result.Errors)
            {
                output.Line(error.ToString());
            }

            return;
        }

        SiteConfig config = result.Config;
        output.Line($"{path}: valid");
        output.Line($"gateway {config.Gateway.Id} at \"{config.Gateway.Site}\"");
        output.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"{Count(config.Buses.Length, "bus", "buses")}, {Count(config.Devices.Length, "device", "devices")}, {Count(config.TagCount, "tag", "tags")}, {Count(config.AlarmCount, "alarm", "alarms")}, {Count(config.Outputs.Length, "output", "outputs")}; upstream {Upstream(config)}"));
        var table = new TextTable("device", "bus", "unit", "profile", "poll", "tags", "alarms");
        foreach (DeviceConfig device in config.Devices)
        {
            table.Add(
                device.Name,
                config.FindBus(device.Bus)!.Describe(),
                device.UnitId.ToString(CultureInfo.InvariantCulture),
                device.Profile.Id,
                device.PollInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s",
                string.Join(" ", device.Tags.Select(t => t.Name)),
                string.Join(" ", device.Tags.Where(t => t.Alarms is not null).Select(t => $"{t.Name}:{string.Join(",", t.Alarms!.Kinds.Select(AlarmWords.Word))}")));
        }

        output.Table(table);
    }

    private static void WriteJson(Utf8JsonWriter json, string path, ConfigResult result)
    {
        json.WriteStartObject();
        json.WriteString("file", path);
        json.WriteBoolean("ok", result.IsValid);
        if (!result.IsValid)
        {
            json.WriteStartArray("errors");
            foreach (YamlError error in result.Errors)
            {
                json.WriteStartObject();
                json.WriteNumber("line", error.Line);
                json.WriteNumber("column", error.Column);
                json.WriteString("key", error.Key);
                json.WriteString("message", error.Message);
                json.WriteString("fix", error.Fix);
                json.WriteString("text", error.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            return;
        }

        SiteConfig config = result.Config;
        json.WriteString("gateway", config.Gateway.Id);
        json.WriteString("site", config.Gateway.Site);
        json.WriteNumber("buses", config.Buses.Length);
        json.WriteNumber("devices", config.Devices.Length);
        json.WriteNumber("tags", config.TagCount);
        json.WriteNumber("alarms", config.AlarmCount);
        json.WriteNumber("outputs", config.Outputs.Length);
        json.WriteString("upstream", config.Upstream?.BrokerText);
        json.WriteStartArray("deviceList");
        foreach (DeviceConfig device in config.Devices)
        {
            json.WriteStartObject();
            json.WriteString("name", device.Name);
            json.WriteString("bus", device.Bus);
            json.WriteNumber("unit", device.UnitId);
            json.WriteString("profile", device.Profile.Id);
            json.WriteNumber("pollIntervalS", device.PollInterval.TotalSeconds);
            json.WriteStartArray("tags");
            foreach (TagConfig tag in device.Tags)
            {
                json.WriteStartObject();
                json.WriteString("name", tag.Name);
                json.WriteStartArray("alarms");
                foreach (AlarmKind kind in tag.Alarms?.Kinds ?? [])
                {
                    json.WriteStringValue(AlarmWords.Word(kind));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Upstream(SiteConfig config) =>
        config.Upstream is null ? "none (local alarms and storage only)" : $"{config.Upstream.BrokerText} (MQTT {config.Upstream.ProtocolVersion})";

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
