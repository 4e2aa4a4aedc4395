using System.Diagnostics;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Gateway.Tests.Upstream;

namespace EdgeSensors.Fleet.Broker.Tests.Mosquitto;

/// <summary>
/// A real Mosquitto (the gateway tests' <see cref="MosquittoBroker"/> fixture) with Debian's dynamic security plugin
/// and a dynamic-security.json made by `mosquitto_ctrl dynsec init` whose admin client is the fleet server's login.
/// Used by the broker tests and by the fleet server's scale-out tests.
/// </summary>
public static class DynsecMosquitto
{
    /// <summary>Debian's plugin (package mosquitto), at the path `dpkg -L mosquitto` lists.</summary>
    public static string PluginPath =>
        new[] { "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/mosquitto_dynamic_security.so" }
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("mosquitto_dynamic_security.so not found (dpkg -L mosquitto | grep dynamic): apt-get install mosquitto (tests/run-all.sh does this)");

    public static async Task<MosquittoBroker> StartAsync(InternalCredential admin)
    {
        string directory = Directory.CreateTempSubdirectory("edgesensors-dynsec-").FullName;
        string config = Path.Combine(directory, "dynamic-security.json");
        await RunAsync("mosquitto_ctrl", "dynsec", "init", config, admin.Username, admin.Password);
        return await MosquittoBroker.StartAsync($"""
            allow_anonymous false
            plugin {PluginPath}
            plugin_opt_config_file {config}
            """, directory: directory);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{program} did not start: apt-get install mosquitto-clients");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments[..3])} exited with {process.ExitCode}: {error}");
        }
    }
}
