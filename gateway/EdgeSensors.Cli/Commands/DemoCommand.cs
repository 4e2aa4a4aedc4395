using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Farm;
using Spectre.Console;

namespace EdgeSensors.Cli.Commands;

/// <summary>
/// `edgesensors demo`: the main job on embedded defaults, end to end in one process. The default tank-farm simulator
/// serves Modbus TCP; the gateway runtime polls it with gateway/examples/tank-farm.yaml, alarms locally (simulated
/// outputs), queues in SQLite and forwards to MQTTnet's embedded broker; a backend subscriber decodes what arrives.
/// The live table polls every instrument's profile alongside, so a technician sees the values the gateway sees.
/// </summary>
public static class DemoCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors demo",
        "edgesensors demo --count 5 --json     # 5 poll cycles as JSON lines, then exit",
        "edgesensors demo --tcp-port 0         # any free port, when 5020 is taken",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var tcpPort = new Option<int>("--tcp-port")
        {
            Description = "Modbus TCP port the simulator serves on 127.0.0.1 (0 picks a free port). Other terminals can `edgesensors read` it.",
            HelpName = "port",
            DefaultValueFactory = _ => DefaultFarm.TcpPort,
        };
        tcpPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--tcp-port must be 0-65535.");
            }
        });
        var interval = new Option<int>("--interval", "-i")
        {
            Description = "Time between poll cycle starts in milliseconds (ms).",
            HelpName = "ms",
            DefaultValueFactory = _ => 1000,
        };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 50 or > 3_600_000)
            {
                r.AddError("--interval must be 50-3600000 ms.");
            }
        });
        var cycles = new Option<int?>("--count", "-n") { Description = "Stop after this many poll cycles (default: run until Ctrl+C).", HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated signals: the same seed replays the same run.", HelpName = "N", DefaultValueFactory = _ => 1 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the gateway keeps its SQLite queue and alarm state (default: a new temp directory).", HelpName = "DIR" };
        var profiles = new Option<string?>("--profiles") { Description = "Device profiles directory (default: $EDGESENSORS_PROFILES, else hardware/profiles found upwards).", HelpName = "DIR" };
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command(
            "demo",
            "Run the main job on embedded defaults: the simulated tank farm (6 real instrument profiles) served over Modbus TCP in this process, "
            + "polled every --interval and shown as a live table until Ctrl+C (with --json: one JSON line per cycle).")
        {
            tcpPort, interval, cycles, seed, dataDir, profiles, json,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new SimulatorOptions
            {
                TcpEndpoint = new IPEndPoint(IPAddress.Loopback, parse.GetValue(tcpPort)),
                Seed = parse.GetValue(seed),
                ProfilesDirectory = parse.GetValue(profiles) is string dir ? ProfileCatalog.ResolveDirectory(dir) : null,
            };
            var output = new CommandOutput(environment, parse.GetValue(json));
            string data = parse.GetValue(dataDir) ?? Directory.CreateTempSubdirectory("edgesensors-demo-").FullName;
            return RunAsync(options, data, output, TimeSpan.FromMilliseconds(parse.GetValue(interval)), parse.GetValue(cycles), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(SimulatorOptions options, string dataDirectory, CommandOutput output, TimeSpan period, int? maxCycles, CancellationToken ct)
    {
        SimulatorHost host;
        try
        {
            host = await SimulatorHost.StartAsync(options, ct);
        }
        catch (Exception ex) when (ex is ProfileException or DirectoryNotFoundException)
        {
            throw new CliUsageException(ex is ProfileException profile ? $"profiles: {profile.Errors[0]}" : ex.Message);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return output.Fail(ExitCodes.TransportError, $"cannot serve Modbus TCP on {options.TcpEndpoint}: the port is in use (another simulator?). fix: pass --tcp-port 0 for any free port.");
        }

        await using (host)
        {
            IPEndPoint endpoint = host.TcpEndPoint!;
            var targets = host.Farm.Devices
                .OrderBy(d => d.Unit.Unit)
                .Select(d => new DemoUnit(d.Unit, new ProfileTarget(d.Profile, (byte)d.Unit.Unit)))
                .ToList();
            await using var bus = new ModbusBus(new TcpTransport(endpoint.Address.ToString(), endpoint.Port), new BusOptions());
            SiteConfig site = ExampleConfig(options.ProfilesDirectory, endpoint.Port);
            await using EmbeddedBroker broker = await EmbeddedBroker.StartAsync(port: 0);
            await using DemoBackend backend = await DemoBackend.ConnectAsync(broker.Port, site.Upstream?.TopicPrefix ?? "edgesensors", ct);
            await using GatewayRuntime gateway = GatewayRuntime.Start(site, dataDirectory, broker.Uri);
            var loop = new DemoLoop(bus, targets, period, maxCycles, () => GatewayLine(gateway, backend));
            DemoCycle? last;
            try
            {
                if (!output.IsJson)
                {
                    output.Line($"simulated tank farm on tcp://{endpoint} ({targets.Count} instruments); polling every {period.TotalMilliseconds:0} ms. Ctrl+C stops.");
                    output.Line($"gateway {site.Gateway.Id} polls it with {site.SourcePath}, queues in {Path.Combine(dataDirectory, "queue")} (SQLite) and publishes to the embedded broker {broker.Uri}");
                }

                last = output.IsRich
                    ? await RunLiveAsync(loop, output, ct)
                    : await loop.RunAsync(cycle => DemoView.Write(output, cycle), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }

            // Like watch: the exit code reports the last cycle, so `demo --count 1` fails when an instrument did not answer.
            return last is null || last.Failure is null ? ExitCodes.Success : output.Fail(last.Failure.ExitCode, last.Failure.Error!);
        }
    }

    /// <summary>gateway/examples/tank-farm.yaml (what `simulate` serves), pointed at this simulator's port.</summary>
    private static SiteConfig ExampleConfig(string? profilesDirectory, int port)
    {
        string profiles = profilesDirectory ?? ProfileLoader.FindProfilesDirectory()
            ?? throw new CliUsageException("hardware/profiles not found: pass --profiles DIR or set " + ProfileLoader.DirectoryVariable);
        string example = Path.GetFullPath(Path.Combine(profiles, "..", "..", "gateway", "examples", "tank-farm.yaml"));
        ConfigResult result = SiteConfigLoader.Load(example, ProfileLoader.LoadDirectory(profiles));
        if (result.Config is not { } config)
        {
            throw new CliUsageException($"{example} is not valid: {result.Errors[0]}");
        }

        return config with { Buses = [.. config.Buses.Select(b => b is TcpBusConfig tcp ? tcp with { Host = "127.0.0.1", Port = port } : b)] };
    }

    private static string GatewayLine(GatewayRuntime gateway, DemoBackend backend)
    {
        var queue = gateway.Queue.GetStats();
        string outputs = string.Join(", ", gateway.Alarms.OutputStates().Select(o => o.Name + (o.On ? " ON" : " off")));
        string alarms = string.Join("; ", gateway.Alarms.Summary().Select(a => a.Tag + " " + a.Active));
        return $"gateway: {gateway.Polls} polls, queue {queue.Depth} entries ({queue.Bytes} B), next seq {queue.NextSeq}, drops {queue.Drops.Total()}; "
            + $"backend received {backend.Readings} readings and {backend.Alarms} alarm events, seq gaps {backend.Gaps}; "
            + $"active alarms: {(alarms.Length == 0 ? "none" : alarms)}; outputs: {outputs}";
    }

    private static async Task<DemoCycle?> RunLiveAsync(DemoLoop loop, CommandOutput output, CancellationToken ct)
    {
        DemoCycle? last = null;
        await output.Console.Live(new Text("polling..."))
            .AutoClear(false)
            .StartAsync(async live =>
            {
                try
                {
                    last = await loop.RunAsync(
                        cycle =>
                        {
                            live.UpdateTarget(DemoView.Widget(cycle));
                            live.Refresh();
                        },
                        ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C ends the live view normally; the last table stays on screen.
                }
            });
        ct.ThrowIfCancellationRequested();
        return last;
    }
}
