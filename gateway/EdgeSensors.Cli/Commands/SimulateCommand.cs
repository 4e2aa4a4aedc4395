using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Faults;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors simulate`: serve the simulated tank farm (real instrument profiles) over Modbus TCP and/or RTU.</summary>
public static class SimulateCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors simulate",
        "edgesensors simulate --tcp-port 1502 --bind 0.0.0.0 --seed 7",
        "edgesensors simulate --serial /dev/pts/3 --baud 19200 --slow 3:800 --dead 4 --exception 2:6",
        "edgesensors simulate --corrupt-crc 5:0.2 --garbage 6:0.1 --drop-tcp-every 50",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var tcpPort = new Option<int>("--tcp-port")
        {
            Description = "Modbus TCP port to serve (0 picks a free port and prints it).",
            HelpName = "port",
            DefaultValueFactory = _ => 5020,
        };
        tcpPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--tcp-port must be 0-65535.");
            }
        });
        var bind = new Option<string>("--bind")
        {
            Description = "Address to listen on (0.0.0.0 for every interface).",
            HelpName = "IP",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        bind.Validators.Add(r =>
        {
            if (!IPAddress.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--bind: '{r.GetValueOrDefault<string>()}' is not an IP address.");
            }
        });
        var serial = new Option<string?>("--serial") { Description = "Also serve the same units over Modbus RTU on this serial device (e.g. a socat pty).", HelpName = "DEV" };
        var baud = new Option<int>("--baud") { Description = "RTU line speed in baud (bit/s).", HelpName = "baud", DefaultValueFactory = _ => 9600 };
        Option<string> parity = ConnectionOptions.CreateParity();
        var seed = new Option<int>("--seed") { Description = "Seed of the signals and fault dice: the same seed replays the same run.", HelpName = "N", DefaultValueFactory = _ => 1 };
        var slow = FaultOption("--slow", "UNIT:MS", "Answer this unit after a delay in milliseconds (ms), e.g. 3:1500.");
        var dead = FaultOption("--dead", "UNIT", "Never answer this unit (a dead instrument), e.g. 4.");
        var exception = FaultOption("--exception", "UNIT:CODE", "Answer this unit with a Modbus exception code, e.g. 2:6 (busy).");
        var corruptCrc = FaultOption("--corrupt-crc", "UNIT[:RATE]", "Corrupt the CRC of this fraction (0-1] of the unit's RTU replies (default rate 1).");
        var garbage = FaultOption("--garbage", "UNIT[:RATE]", "Replace this fraction (0-1] of the unit's replies with garbage bytes (default rate 1).");
        var dropTcp = new Option<int>("--drop-tcp-every") { Description = "Drop the TCP connection on every Nth request (0: never).", HelpName = "N", DefaultValueFactory = _ => 0 };
        var profiles = new Option<string?>("--profiles") { Description = "Device profiles directory (default: $EDGESENSORS_PROFILES, else hardware/profiles found upwards).", HelpName = "DIR" };
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command("simulate", "Serve the simulated tank farm (real instrument profiles) over Modbus TCP, and RTU with --serial, until Ctrl+C/SIGTERM.")
        {
            tcpPort, bind, serial, baud, parity, seed, slow, dead, exception, corruptCrc, garbage, dropTcp, profiles, json,
        };
        command.SetAction((parse, ct) =>
        {
            var faults = new FaultOptions { DropTcpEvery = parse.GetValue(dropTcp) };
            try
            {
                Array.ForEach(parse.GetValue(slow) ?? [], s => faults.AddSlow(s));
                Array.ForEach(parse.GetValue(dead) ?? [], s => faults.AddDead(s));
                Array.ForEach(parse.GetValue(exception) ?? [], s => faults.AddException(s));
                Array.ForEach(parse.GetValue(corruptCrc) ?? [], s => faults.AddCorruptCrc(s));
                Array.ForEach(parse.GetValue(garbage) ?? [], s => faults.AddGarbage(s));
            }
            catch (FormatException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            string? port = parse.GetValue(serial);
            var options = new SimulatorOptions
            {
                TcpEndpoint = new IPEndPoint(IPAddress.Parse(parse.GetValue(bind)!), parse.GetValue(tcpPort)),
                RtuLine = port is null ? null : new SerialLineSettings(port)
                {
                    Baud = parse.GetValue(baud),
                    Parity = ConnectionSpec.ToParity(parse.GetValue(parity) ?? "none"),
                },
                Seed = parse.GetValue(seed),
                ProfilesDirectory = parse.GetValue(profiles) is string dir ? ProfileCatalog.ResolveDirectory(dir) : null,
                Faults = faults,
            };
            return RunAsync(options, new CommandOutput(environment, parse.GetValue(json)), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(SimulatorOptions options, CommandOutput output, CancellationToken ct)
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
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.TransportError, $"cannot serve: {ex.Message}");
        }

        await using (host)
        {
            SimulatorView.Write(output, host, options);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop a simulator.
            }
        }

        return ExitCodes.Success;
    }

    private static Option<string[]> FaultOption(string name, string form, string description) => new(name)
    {
        Description = description + " Repeatable.",
        HelpName = form,
        AllowMultipleArgumentsPerToken = false,
    };
}
