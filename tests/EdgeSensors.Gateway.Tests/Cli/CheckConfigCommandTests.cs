using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeSensors.Cli;
using EdgeSensors.Gateway.Tests.Configuration;

namespace EdgeSensors.Gateway.Tests.Cli;

public sealed partial class CheckConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("check-config").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_valid_config_exits_0_with_a_summary_of_devices_tags_and_alarms()
    {
        CliRun run = await CliRun.RunAsync("check-config", ConfigFiles.TankFarm);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains(ConfigFiles.TankFarm + ": valid", run.Out);
        Assert.Contains("1 bus, 6 devices, 9 tags, 24 alarms, 2 outputs; upstream mqtt://127.0.0.1:1883 (MQTT 5)", run.Out);
        Assert.Contains(run.OutLines, l => l.StartsWith("t101-level", StringComparison.Ordinal) && l.Contains("vegapuls-c21") && l.Contains("pv:hh,h,l,ll,rate,fault"));
    }

    [Fact]
    public async Task An_invalid_config_exits_7_and_prints_every_error_as_file_line_column_key_message_and_fix()
    {
        string path = Write("bad.yaml", MinimalConfig.Text("    poll_intervall_s: 2", "outputs:", "  - name: horn", "    gpio_pin: 40", "    alarms: [lel.concentration.ll]"));

        CliRun run = await CliRun.RunAsync("check-config", path);

        Assert.True(run.ExitCode == ExitCodes.InvalidConfig, run.ToString());
        Assert.Equal(3, run.OutLines.Count);
        Assert.All(run.OutLines, line => Assert.Matches(ErrorLine(), line));
        Assert.StartsWith($"{path}:18:5: devices[0].poll_intervall_s: unknown key 'poll_intervall_s'. fix: did you mean 'poll_interval_s'?", run.OutLines[0]);
        Assert.StartsWith($"{path}:21:15: outputs[0].gpio_pin: 40 is out of range. fix: use 0 to 27", run.OutLines[1]);
        Assert.Contains("has no ll alarm", run.OutLines[2]);
        Assert.Equal($"error: {path} is not valid: 3 errors", run.Error.Trim());
    }

    [Fact]
    public async Task Json_lists_the_errors_with_their_fields()
    {
        string path = Write("bad.yaml", MinimalConfig.Text().Replace("unit_id: 1", "unit_id: 300"));

        CliRun run = await CliRun.RunAsync("check-config", path, "--json");

        Assert.True(run.ExitCode == ExitCodes.InvalidConfig, run.ToString());
        JsonElement json = run.Json();
        Assert.False(json.GetProperty("ok").GetBoolean());
        JsonElement error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(13, error.GetProperty("line").GetInt32());
        Assert.Equal(14, error.GetProperty("column").GetInt32());
        Assert.Equal("devices[0].unit_id", error.GetProperty("key").GetString());
        Assert.Equal("use 1 to 247", error.GetProperty("fix").GetString());
    }

    [Fact]
    public async Task Json_of_a_valid_config_has_the_counts_and_each_devices_alarms()
    {
        CliRun run = await CliRun.RunAsync("check-config", ConfigFiles.RtuSite, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        JsonElement json = run.Json();
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(5, json.GetProperty("devices").GetInt32());
        Assert.Equal("mqtts://mqtt.north-plant.example:8883", json.GetProperty("upstream").GetString());
        JsonElement oxygen = json.GetProperty("deviceList").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "pump-room-o2");
        Assert.Equal(["h", "l", "fault"], oxygen.GetProperty("tags")[0].GetProperty("alarms").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync("check-config", Path.Combine(_dir, "nope.yaml"));

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("no such file", run.Error);
    }

    [Fact]
    public async Task With_no_profiles_every_device_says_where_profiles_come_from()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_dir, "profiles")).FullName;

        CliRun run = await CliRun.RunAsync("check-config", ConfigFiles.TankFarm, "--profiles", empty);

        // No profile can be found, so every device's profile is unknown and the fix says where profiles come from.
        Assert.True(run.ExitCode == ExitCodes.InvalidConfig, run.ToString());
        Assert.All(run.OutLines, l => Assert.Contains("no profiles were loaded", l));
        Assert.Equal(6, run.OutLines.Count);
    }

    [Fact]
    public async Task Help_shows_options_and_examples()
    {
        CliRun run = await CliRun.RunAsync("check-config", "--help");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("--profiles", run.Out);
        Assert.Contains("Examples:", run.Out);
        Assert.Contains("edgesensors check-config gateway/examples/tank-farm.yaml", run.Out);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^.+\.yaml:\d+:\d+: [a-z_\[\]0-9.]+: .+\. fix: .+$")]
    private static partial Regex ErrorLine();
}
