using System.CommandLine;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using Spectre.Console;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors scan`: find which units answer on a bus, and at which baud/parity.</summary>
public static class ScanCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors scan --serial /dev/ttyUSB0",
        "edgesensors scan --serial /dev/ttyUSB0 --baud 9600,19200 --parity none,even --units 1-32 --timeout 150",
        "edgesensors scan --tcp 192.168.1.30:502 --units 1-10 --json",
    ];

    public static Command Create(CliEnvironment environment)
    {
        // No retries by default: a full serial scan is thousands of probes, and an absent unit would cost each retry.
        var connection = new ConnectionOptions(defaultTimeoutMs: 100, withSerialLine: false, defaultRetries: 0);
        var bauds = new Option<string>("--baud")
        {
            Description = "Serial speeds to try, comma-separated, in baud.",
            HelpName = "baud,...",
            DefaultValueFactory = _ => "9600,19200,38400,57600,115200",
        };
        bauds.Validators.Add(r => Check(r, NumberLists.TryParseRanges(r.GetValueOrDefault<string>(), 300, 4_000_000, out _, out string? e), "--baud", e));
        var parities = new Option<string>("--parity")
        {
            Description = "Parities to try, comma-separated: none, even, odd.",
            HelpName = "none,even,odd",
            DefaultValueFactory = _ => "none,even",
        };
        parities.Validators.Add(r => Check(r, TryParseParities(r.GetValueOrDefault<string>(), out _, out string? e), "--parity", e));
        Option<int> stopBits = ConnectionOptions.CreateStopBits();
        var units = new Option<string>("--units")
        {
            Description = "Unit ids to probe: ranges and lists such as 1-247 or 1,3,10-20.",
            HelpName = "RANGE",
            DefaultValueFactory = _ => "1-247",
        };
        units.Validators.Add(r => Check(r, NumberLists.TryParseRanges(r.GetValueOrDefault<string>(), 0, 255, out _, out string? e), "--units", e));
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command(
            "scan",
            "Find responding units and their line settings: probes each unit with a read of holding register 0 x1 "
            + "(an exception reply still proves the unit exists), with a short per-probe --timeout (default 100 ms).");
        connection.AddTo(command);
        command.Options.Add(bauds);
        command.Options.Add(parities);
        command.Options.Add(stopBits);
        command.Options.Add(units);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var output = new CommandOutput(environment, parse.GetValue(json));
            ConnectionSpec spec = connection.Read(parse);
            NumberLists.TryParseRanges(parse.GetValue(units), 0, 255, out IReadOnlyList<int> unitList, out _);
            IReadOnlyList<ConnectionSpec> settings = [spec];
            if (spec.IsSerial)
            {
                NumberLists.TryParseRanges(parse.GetValue(bauds), 300, 4_000_000, out IReadOnlyList<int> baudList, out _);
                TryParseParities(parse.GetValue(parities), out IReadOnlyList<string> parityList, out _);
                if (unitList.Any(u => u is < 1 or > 247))
                {
                    throw new CliUsageException("--units: serial units are 1-247.");
                }

                settings = [.. baudList.SelectMany(b => parityList.Select(p => spec.WithLine(new SerialLine(b, p, parse.GetValue(stopBits)))))];
            }

            var plan = new ScanPlan(settings, unitList, connection.ReadTimeout(parse), connection.ReadRetries(parse));
            return RunAsync(plan, output, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(ScanPlan plan, CommandOutput output, CancellationToken ct)
    {
        ScanReport report = output.IsRich
            ? await RunWithProgressAsync(plan, output, ct)
            : await plan.RunAsync((_, _) => { }, ct);
        ScanView.Write(output, report);
        if (report.TransportFailure is not null)
        {
            return output.Fail(ExitCodes.TransportError, report.TransportFailure.Describe());
        }

        return report.Found.Count > 0
            ? ExitCodes.Success
            : output.Fail(ExitCodes.Timeout, ScanView.NothingFound(report));
    }

    private static async Task<ScanReport> RunWithProgressAsync(ScanPlan plan, CommandOutput output, CancellationToken ct) =>
        await output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("probing", maxValue: plan.ProbeCount);
                return await plan.RunAsync(
                    (setting, unit) =>
                    {
                        task.Description = Markup.Escape($"{setting} unit {unit}");
                        task.Increment(1);
                    },
                    ct);
            });

    private static bool TryParseParities(string? text, out IReadOnlyList<string> parities, out string? error)
    {
        string[] items = (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        parities = items;
        error = items.Length == 0 ? "give at least one of none, even, odd"
            : items.FirstOrDefault(p => p is not ("none" or "even" or "odd")) is string bad ? $"'{bad}' is not none, even or odd" : null;
        return error is null;
    }

    private static void Check(System.CommandLine.Parsing.OptionResult result, bool ok, string name, string? error)
    {
        if (!ok)
        {
            result.AddError($"{name}: {error}");
        }
    }
}
