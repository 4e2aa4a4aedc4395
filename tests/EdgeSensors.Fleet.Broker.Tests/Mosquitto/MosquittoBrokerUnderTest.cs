using System.Diagnostics;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Mosquitto;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSensors.Fleet.Broker.Tests.Mosquitto;

/// <summary>
/// A real Mosquitto (the gateway tests' <see cref="MosquittoBroker"/> fixture) with Debian's dynamic security plugin,
/// its dynamic-security.json made by `mosquitto_ctrl dynsec init` with the fleet server's admin login, and
/// <see cref="MosquittoDeviceAccess"/> managing devices through $CONTROL/dynamic-security/v1.
/// </summary>
public sealed class MosquittoBrokerUnderTest : IBrokerUnderTest
{
    private readonly MosquittoBroker _mosquitto;
    private readonly MosquittoDeviceAccess _access;

    private MosquittoBrokerUnderTest(MosquittoBroker mosquitto, FleetBrokerOptions options, InternalCredential credential)
    {
        _mosquitto = mosquitto;
        Options = options;
        Internal = credential;
        _access = new MosquittoDeviceAccess(options, credential, NullLogger<MosquittoDeviceAccess>.Instance);
    }

    public int Port => _mosquitto.Port;

    public FleetBrokerOptions Options { get; }

    public InternalCredential Internal { get; }

    public string Log => _mosquitto.Log;

    public static async Task<MosquittoBrokerUnderTest> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("edgesensors-dynsec-").FullName;
        var options = new FleetBrokerOptions { Mode = BrokerMode.External, Host = "127.0.0.1", InternalPassword = DeviceSecret.NewPassword() };
        var credential = new InternalCredential(options);
        string config = Path.Combine(directory, "dynamic-security.json");
        await RunAsync("mosquitto_ctrl", "dynsec", "init", config, credential.Username, credential.Password);
        MosquittoBroker mosquitto = await MosquittoBroker.StartAsync($"""
            allow_anonymous false
            plugin {PluginPath}
            plugin_opt_config_file {config}
            """, directory: directory);
        options.Port = mosquitto.Port;
        var broker = new MosquittoBrokerUnderTest(mosquitto, options, credential);
        await broker._access.StartAsync(CancellationToken.None);
        return broker;
    }

    /// <summary>Debian's plugin (package mosquitto), found the way `dpkg -L mosquitto` lists it.</summary>
    public static string PluginPath =>
        new[] { "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so", "/usr/lib/mosquitto_dynamic_security.so" }
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("mosquitto_dynamic_security.so not found (dpkg -L mosquitto | grep dynamic): apt-get install mosquitto (tests/run-all.sh does this)");

    public async Task<string> EnrolAsync(string deviceId)
    {
        string password = DeviceSecret.NewPassword();
        await _access.GrantAsync(deviceId, password, CancellationToken.None);
        return password;
    }

    public Task RevokeAsync(string deviceId) => _access.RevokeAsync(deviceId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _access.DisposeAsync();
        await _mosquitto.DisposeAsync();
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
