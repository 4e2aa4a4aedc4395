using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Farm;
using Spectre.Console;

namespace EdgeSensors.Cli.Commands;

/// <summary>
/// `edgesensors demo`: the main job on embedded defaults. Starts the default tank-farm simulator in this process and
/// polls every unit's full device profile over real Modbus TCP, as a live table (or one JSON line per cycle).
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
        var profiles = new Option<string?>("--profiles") { Description = "Device profiles directory (default: $EDGESENSORS_PROFILES, else hardware/profiles found upwards).", HelpName = "DIR" };
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command(
            "demo",
            "Run the main job on embedded defaults: the simulated tank farm (6 real instrument profiles) served over Modbus TCP in this process, "
            + "polled every --interval and shown as a live table until Ctrl+C (with --json: one JSON line per cycle).")
        {
            tcpPort, interval, cycles, seed, profiles, json,
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
            return RunAsync(options, output, TimeSpan.FromMilliseconds(parse.GetValue(interval)), parse.GetValue(cycles), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(SimulatorOptions options, CommandOutput output, TimeSpan period, int? maxCycles, CancellationToken ct)
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
            var loop = new DemoLoop(bus, targets, period, maxCycles);
            DemoCycle? last;
            try
            {
                if (!output.IsJson)
                {
                    output.Line($"simulated tank farm on tcp://{endpoint} ({targets.Count} instruments); polling every {period.TotalMilliseconds:0} ms. Ctrl+C stops.");
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
