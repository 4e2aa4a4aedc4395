using System.CommandLine;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Modbus.Master;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors read`: one read of a register range (or every tag of a profile), like mbpoll but friendlier.</summary>
public static class ReadCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors read --tcp 192.168.1.20:502 --unit 1 --address 40001 --count 2",
        "edgesensors read --serial /dev/ttyUSB0 --baud 9600 --unit 1 --address 0x0002 --type float32 --count 3",
        "edgesensors read --serial /dev/ttyUSB0 --unit 246 --table input --address 106 --type float32 --order all",
        "edgesensors read --tcp 127.0.0.1:5020 --unit 5 --profile keller-series30 --json",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var connection = new ConnectionOptions(defaultTimeoutMs: 1000, withSerialLine: true);
        var target = new TargetOptions(countIsValues: true);
        var decoding = new DecodeOptions();
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command("read", "Read registers or coils once and show register number, address, raw hex and decoded value.");
        connection.AddTo(command);
        target.AddTo(command);
        decoding.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, ct) =>
        {
            var output = new CommandOutput(environment, parse.GetValue(json));
            var poll = PollTarget.Create(parse, connection, target, decoding);
            return RunAsync(poll, output, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(PollTarget poll, CommandOutput output, CancellationToken ct)
    {
        await using ModbusBus bus = poll.OpenBus();
        PollOutcome outcome = await poll.PollAsync(bus, ct);
        PollView.Write(output, outcome);
        return outcome.IsOk ? ExitCodes.Success : output.Fail(outcome.ExitCode, outcome.Error!);
    }
}
