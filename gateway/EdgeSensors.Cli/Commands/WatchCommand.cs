using System.CommandLine;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Modbus.Master;
using Spectre.Console;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors watch`: poll the same target as read every --interval, as a live table or one JSON line per poll.</summary>
public static class WatchCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors watch --tcp 127.0.0.1:5020 --unit 5 --profile keller-series30",
        "edgesensors watch --serial /dev/ttyUSB0 --unit 1 --address 40001 --values 2 --interval 500",
        "edgesensors watch --tcp 127.0.0.1:5020 --unit 1 --address 40001 --json --count 10   # 10 polls, then exit",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var connection = new ConnectionOptions(defaultTimeoutMs: 1000, withSerialLine: true);
        var target = new TargetOptions(countIsValues: false);
        var decoding = new DecodeOptions();
        Option<bool> json = OutputOptions.CreateJson();
        var interval = new Option<int>("--interval", "-i")
        {
            Description = "Time between poll starts in milliseconds (ms).",
            HelpName = "ms",
            DefaultValueFactory = _ => 1000,
        };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 10 or > 3_600_000)
            {
                r.AddError("--interval must be 10-3600000 ms.");
            }
        });
        var polls = new Option<int?>("--count", "-n")
        {
            Description = "Stop after this many polls (default: run until Ctrl+C). In watch the number of values is --values.",
            HelpName = "N",
        };
        var command = new Command("watch", "Poll repeatedly and show a live-refreshing table until Ctrl+C (with --json: one JSON line per poll).");
        connection.AddTo(command);
        target.AddTo(command);
        decoding.AddTo(command);
        command.Options.Add(interval);
        command.Options.Add(polls);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var output = new CommandOutput(environment, parse.GetValue(json));
            var poll = PollTarget.Create(parse, connection, target, decoding);
            var period = TimeSpan.FromMilliseconds(parse.GetValue(interval));
            return RunAsync(poll, output, period, parse.GetValue(polls), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(PollTarget poll, CommandOutput output, TimeSpan period, int? maxPolls, CancellationToken ct)
    {
        await using ModbusBus bus = poll.OpenBus();
        var loop = new PollLoop(poll, bus, period, maxPolls);
        PollOutcome? last;
        try
        {
            last = output.IsRich
                ? await RunLiveAsync(loop, output, ct)
                : await loop.RunAsync(outcome => PrintPoll(output, outcome), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }

        // The exit code reports the last poll, so `watch --count 1` in a script fails like `read` would.
        return last is null || last.IsOk ? ExitCodes.Success : output.Fail(last.ExitCode, last.Error!);
    }

    private static void PrintPoll(CommandOutput output, PollOutcome outcome)
    {
        PollView.Write(output, outcome);
        if (!output.IsJson)
        {
            output.Out.WriteLine();
            output.Out.Flush();
        }
    }

    private static async Task<PollOutcome?> RunLiveAsync(PollLoop loop, CommandOutput output, CancellationToken ct)
    {
        PollOutcome? last = null;
        await output.Console.Live(new Text("connecting..."))
            .AutoClear(false)
            .StartAsync(async live =>
            {
                try
                {
                    last = await loop.RunAsync(
                        outcome =>
                        {
                            live.UpdateTarget(PollView.Widget(outcome));
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
