using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors status`: the running gateway's health from DATA_DIR/status.json (works with every network down).</summary>
public static class StatusCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors status --data-dir /var/lib/edgesensors",
        "edgesensors status --data-dir /tmp/es-data --json",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The gateway's data directory (as given to `edgesensors run`).", HelpName = "DIR", DefaultValueFactory = _ => "/var/lib/edgesensors" };
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command("status", "Show the gateway's status: devices and their counters, queue depth, age, bytes and drops, alarms, outputs, disk, CPU temperature.")
        {
            dataDir, json,
        };
        command.SetAction(parse =>
        {
            var output = new CommandOutput(environment, parse.GetValue(json));
            string path = Path.Combine(parse.GetValue(dataDir)!, "status.json");
            if (!File.Exists(path))
            {
                return output.Fail(ExitCodes.TransportError, $"{path} not found: is `edgesensors run` running with --data-dir {parse.GetValue(dataDir)}?");
            }

            string text = File.ReadAllText(path);
            if (output.IsJson)
            {
                output.Out.WriteLine(text);
                return ExitCodes.Success;
            }

            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            JsonElement queue = root.GetProperty("queue");
            DateTimeOffset written = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("time_ms").GetInt64());
            output.Line($"gateway {root.GetProperty("gateway").GetString()} {root.GetProperty("version").GetString()}, up {root.GetProperty("uptime_s").GetDouble():0} s, "
                + $"status written {(DateTimeOffset.UtcNow - written).TotalSeconds:0} s ago");
            output.Line(string.Create(CultureInfo.InvariantCulture, $"queue: {queue.GetProperty("depth").GetInt64()} entries ({queue.GetProperty("alarm_depth").GetInt64()} alarms), "
                + $"{queue.GetProperty("bytes").GetInt64()} B of {queue.GetProperty("max_bytes").GetInt64()} B, oldest {Text(queue.GetProperty("oldest_age_s"), "s")}, "
                + $"next seq {queue.GetProperty("next_seq").GetUInt64()}, health {queue.GetProperty("health").GetString()}"));
            if (root.TryGetProperty("broker_connected", out JsonElement connected))
            {
                output.Line("broker: " + (connected.GetBoolean() ? "connected" : "NOT connected")
                    + (root.TryGetProperty("failed_publishes", out JsonElement failed) ? $", {failed.GetInt64()} failed publishes" : string.Empty)
                    + (root.TryGetProperty("broker_last_error", out JsonElement error) ? ", last error: " + error.GetString() : string.Empty));
            }

            long drops = queue.GetProperty("drops").EnumerateObject().Sum(r => r.Value.GetProperty("readings").GetInt64() + r.Value.GetProperty("alarms").GetInt64());
            output.Line($"drops: {drops} entries" + (drops == 0 ? string.Empty : " (" + string.Join(", ", queue.GetProperty("drops").EnumerateObject()
                .Select(r => $"{r.Name}: {r.Value.GetProperty("readings").GetInt64()} readings, {r.Value.GetProperty("alarms").GetInt64()} alarms")) + ")"));
            var table = new TextTable("device", "unit", "requests", "ok", "timeouts", "crc errors", "p99 latency", "last failure");
            foreach (JsonElement device in root.GetProperty("devices").EnumerateArray())
            {
                table.Add(
                    device.GetProperty("name").GetString()!,
                    device.GetProperty("unit").GetInt32().ToString(CultureInfo.InvariantCulture),
                    device.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture),
                    device.GetProperty("successes").GetInt64().ToString(CultureInfo.InvariantCulture),
                    device.GetProperty("timeouts").GetInt64().ToString(CultureInfo.InvariantCulture),
                    device.GetProperty("crc_errors").GetInt64().ToString(CultureInfo.InvariantCulture),
                    device.TryGetProperty("latency_p99_ms", out JsonElement p99) ? p99.GetDouble().ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-",
                    device.TryGetProperty("last_failure", out JsonElement failure) ? failure.GetString()! : string.Empty);
            }

            output.Table(table);
            foreach (JsonElement alarm in root.GetProperty("active_alarms").EnumerateArray())
            {
                output.Line($"alarm {alarm.GetProperty("tag").GetString()}: active {alarm.GetProperty("active").GetString()}, unacknowledged {alarm.GetProperty("unacknowledged").GetString()}");
            }

            foreach (JsonElement pin in root.GetProperty("outputs").EnumerateArray())
            {
                output.Line($"output {pin.GetProperty("name").GetString()}: {(pin.GetProperty("on").GetBoolean() ? "ON" : "off")}");
            }

            JsonElement host = root.GetProperty("host");
            output.Line($"free disk {Text(host.GetProperty("free_disk_bytes"), "B")}, CPU temperature {Text(host.GetProperty("cpu_temperature_c"), "°C")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(JsonElement value, string unit) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) + " " + unit : "-";
}
