using System.CommandLine;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Enrolment;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Cli.Commands;

/// <summary>
/// `edgesensors run`: the gateway service. Polls the site config's devices, alarms locally, queues every reading and
/// alarm event durably and forwards them over MQTT. Writes DATA_DIR/status.json for `edgesensors status` and takes
/// acknowledgements from `edgesensors ack` through DATA_DIR/commands/.
/// </summary>
public static class RunCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors run --config gateway/examples/tank-farm.yaml --data-dir /tmp/es-data",
        "edgesensors run --config /etc/edgesensors/site.yaml --broker mqtt://broker.local:1883",
        "edgesensors run --config site.yaml --broker embedded      # MQTTnet's broker in this process, on 127.0.0.1:1883",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var config = new Option<string>("--config", "-c") { Description = "Site config YAML (check it with `edgesensors check-config`).", HelpName = "FILE", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "Durable queue, alarm state and status.json (default: storage.data_dir from the config).", HelpName = "DIR" };
        var broker = new Option<string?>("--broker")
        {
            Description = "Overrides upstream.broker: mqtt://HOST:PORT, mqtts://HOST:PORT, or 'embedded' for MQTTnet's broker in this process "
                + "(127.0.0.1:1883). With no upstream at all, the embedded broker is used.",
            HelpName = "URL",
        };
        var profiles = new Option<string?>("--profiles") { Description = "Device profiles directory (default: $EDGESENSORS_PROFILES, else hardware/profiles found upwards).", HelpName = "DIR" };
        var duration = new Option<int?>("--seconds") { Description = "Stop after this many seconds (s) (default: run until Ctrl+C/SIGTERM).", HelpName = "s" };
        var command = new Command("run", "Run the gateway service: poll, alarm locally, queue durably, forward over MQTT, until Ctrl+C/SIGTERM.")
        {
            config, dataDir, broker, profiles, duration,
        };
        command.SetAction((parse, ct) =>
        {
            string path = parse.GetValue(config)!;
            if (!File.Exists(path))
            {
                throw new CliUsageException($"{path}: no such file");
            }

            IReadOnlyList<DeviceProfile> loaded = ProfileCatalog.LoadAll(parse.GetValue(profiles));
            var output = new CommandOutput(environment, json: false);
            ConfigResult result = SiteConfigLoader.Load(path, loaded);
            if (!result.IsValid)
            {
                ConfigCheckView.Write(output, path, result);
                return Task.FromResult(output.Fail(ExitCodes.InvalidConfig, $"{path} is not valid; nothing was started. fix the errors above (edgesensors check-config {path})"));
            }

            string data = parse.GetValue(dataDir) ?? result.Config!.Storage.DataDirectory;
            EnrolledIdentity? identity;
            try
            {
                identity = EnrolledIdentity.Load(data);
            }
            catch (InvalidDataException ex)
            {
                return Task.FromResult(output.Fail(ExitCodes.InvalidConfig, ex.Message));
            }

            if (identity is not null)
            {
                output.Line($"enrolled identity from {EnrolledIdentity.PathIn(data)}: reporting as {identity.DeviceId} to {identity.Broker}"
                    + (identity.DeviceId == result.Config!.Gateway.Id ? string.Empty : $" (the config's gateway.id {result.Config.Gateway.Id} gives way)"));
            }

            var watcher = new ConfigWatcher(path, loaded, output);
            return RunAsync(result.Config!, identity, watcher, data, parse.GetValue(broker), parse.GetValue(duration), output, loaded, ct);
        });
        return command;
    }

    private static async Task<Gateway.Configuration.Model.SiteConfig?> RunOneConfigAsync(
        Gateway.Configuration.Model.SiteConfig config, ConfigWatcher watcher, string dataDirectory, Uri? broker, bool embedded, CommandOutput output, IReadOnlyList<DeviceProfile> profiles, CancellationToken ct)
    {
        await using GatewayRuntime runtime = GatewayRuntime.Start(config, dataDirectory, broker, profiles: profiles);
        output.Line($"gateway {config.Gateway.Id}: {config.Devices.Length} device(s), {config.TagCount} tag(s), {runtime.Alarms.TagCount} alarmed tag(s); "
            + $"data in {Path.GetFullPath(dataDirectory)}; upstream {broker?.ToString() ?? config.Upstream?.BrokerText}{(embedded ? " (embedded broker)" : string.Empty)}");
        output.Line($"status: edgesensors status --data-dir {dataDirectory}    acknowledge: edgesensors ack --data-dir {dataDirectory} DEVICE/TAG");
        output.Out.Flush();
        using var cycle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task service = ServiceLoop.RunAsync(runtime, dataDirectory, cycle.Token);
        Task<Gateway.Configuration.Model.SiteConfig> change = watcher.WaitForValidChangeAsync(cycle.Token);
        await Task.WhenAny(service, change);
        await cycle.CancelAsync();
        await service;
        await StatusFile.WriteAsync(runtime, dataDirectory);
        return change.IsCompletedSuccessfully && !ct.IsCancellationRequested ? change.Result : null;
    }

    private static async Task<int> RunAsync(Gateway.Configuration.Model.SiteConfig config, EnrolledIdentity? identity, ConfigWatcher watcher, string dataDirectory, string? brokerText, int? seconds, CommandOutput output, IReadOnlyList<DeviceProfile> profiles, CancellationToken ct)
    {
        // An enrolled gateway reports under the fleet's id and login, whatever its config's upstream says (docs/enrolment.md).
        config = identity is null ? config : EnrolmentOverlay.Apply(config, identity, dataDirectory);
        EmbeddedBroker? embedded = null;
        Uri? broker = null;
        if (brokerText is null && config.Upstream is null || string.Equals(brokerText, "embedded", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                embedded = await EmbeddedBroker.StartAsync(1883);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                return output.Fail(ExitCodes.TransportError, $"cannot start the embedded MQTT broker on 127.0.0.1:1883: {ex.Message}. "
                    + "fix: another broker probably listens there; pass --broker mqtt://127.0.0.1:1883 to use it");
            }

            broker = embedded.Uri;
        }
        else if (brokerText is not null)
        {
            if (!Uri.TryCreate(brokerText, UriKind.Absolute, out broker) || broker.Scheme is not ("mqtt" or "mqtts"))
            {
                throw new CliUsageException($"--broker {brokerText}: give mqtt://HOST:PORT, mqtts://HOST:PORT or 'embedded'");
            }
        }

        try
        {
            using (watcher)
            {
                using var stopAfter = seconds is int s ? new CancellationTokenSource(TimeSpan.FromSeconds(s)) : new CancellationTokenSource();
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stopAfter.Token);
                Gateway.Configuration.Model.SiteConfig current = config;
                while (true)
                {
                    Gateway.Configuration.Model.SiteConfig? next = await RunOneConfigAsync(current, watcher, dataDirectory, broker, embedded is not null, output, profiles, linked.Token);
                    if (next is null)
                    {
                        return ExitCodes.Success;
                    }

                    current = identity is null ? next : EnrolmentOverlay.Apply(next, identity, dataDirectory);
                    output.Line($"config reloaded: {current.Devices.Length} device(s), {current.TagCount} tag(s); alarm state and the queue carried over");
                }
            }
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync();
            }
        }
    }
}


/// <summary>What `run` does while the runtime works: status.json every 2 s and acknowledgements from DATA_DIR/commands/.</summary>
internal static class ServiceLoop
{
    public static async Task RunAsync(GatewayRuntime runtime, string dataDirectory, CancellationToken ct)
    {
        string commands = Path.Combine(dataDirectory, "commands");
        Directory.CreateDirectory(commands);
        while (!ct.IsCancellationRequested)
        {
            foreach (string file in Directory.GetFiles(commands, "ack-*.txt").Order(StringComparer.Ordinal))
            {
                string target = (await File.ReadAllTextAsync(file, CancellationToken.None)).Trim();
                int acknowledged = runtime.Acknowledge(target);
                try
                {
                    await File.WriteAllTextAsync(Path.ChangeExtension(file, ".done"), acknowledged.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
                }
                catch (IOException)
                {
                    // Disk full: the acknowledgement is done; only its receipt for `edgesensors ack` is missing.
                }

                File.Delete(file);
            }

            await StatusFile.WriteAsync(runtime, dataDirectory);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>DATA_DIR/status.json, written atomically (temp file + rename) so `edgesensors status` never reads half a file.</summary>
internal static class StatusFile
{
    public const string Name = "status.json";

    public static async Task WriteAsync(GatewayRuntime runtime, string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, Name);
        string temporary = path + ".tmp";
        byte[] document = GatewayStatus.Online(runtime);
        try
        {
            await File.WriteAllBytesAsync(temporary, document);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            // Disk full is exactly when the status must still be readable: overwrite the old file in place, which reuses
            // its blocks (a reader may then catch a half-written file; reading again fixes that). If even that fails the old
            // status stays and the next round tries again: the service never stops for its status file.
            try
            {
                File.Delete(temporary);
                using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
                file.Write(document);
                file.SetLength(document.Length);
            }
            catch (IOException)
            {
                // Keep running.
            }
        }
    }
}
