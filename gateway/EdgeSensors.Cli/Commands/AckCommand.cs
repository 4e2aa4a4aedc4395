using System.CommandLine;
using EdgeSensors.Cli.Output;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors ack`: acknowledge alarms on the running gateway through DATA_DIR/commands/ (no network needed).</summary>
public static class AckCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors ack --data-dir /var/lib/edgesensors t101-lel/concentration",
        "edgesensors ack --data-dir /var/lib/edgesensors '*'      # every alarm",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var target = new Argument<string>("DEVICE/TAG") { Description = "The alarmed tag to acknowledge (device/tag as in the config), or * for every alarm." };
        var dataDir = new Option<string>("--data-dir") { Description = "The gateway's data directory (as given to `edgesensors run`).", HelpName = "DIR", DefaultValueFactory = _ => "/var/lib/edgesensors" };
        var wait = new Option<int>("--wait") { Description = "How long to wait for the gateway to take the acknowledgement, in seconds (s).", HelpName = "s", DefaultValueFactory = _ => 10 };
        var command = new Command("ack", "Acknowledge alarms of a tag (or all) on the running gateway; latched alarms whose condition has cleared return to normal.")
        {
            target, dataDir, wait,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CommandOutput(environment, json: false);
            string commands = Path.Combine(parse.GetValue(dataDir)!, "commands");
            if (!Directory.Exists(commands))
            {
                return output.Fail(ExitCodes.TransportError, $"{commands} not found: is `edgesensors run` running with --data-dir {parse.GetValue(dataDir)}?");
            }

            string name = "ack-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
            string request = Path.Combine(commands, name + ".txt");
            await File.WriteAllTextAsync(request + ".tmp", parse.GetValue(target), ct);
            File.Move(request + ".tmp", request);
            string done = Path.Combine(commands, name + ".done");
            var deadline = DateTime.UtcNow.AddSeconds(parse.GetValue(wait));
            while (DateTime.UtcNow < deadline)
            {
                if (File.Exists(done))
                {
                    int count = int.Parse(await File.ReadAllTextAsync(done, ct), System.Globalization.CultureInfo.InvariantCulture);
                    File.Delete(done);
                    if (count < 0)
                    {
                        return output.Fail(ExitCodes.Usage, $"{parse.GetValue(target)} has no alarms on this gateway. fix: use DEVICE/TAG as in the config (see `edgesensors status`), or *");
                    }

                    output.Line($"acknowledged {count} alarm(s) of {parse.GetValue(target)}");
                    return ExitCodes.Success;
                }

                await Task.Delay(100, ct);
            }

            File.Delete(request);
            return output.Fail(ExitCodes.Timeout, $"the gateway did not take the acknowledgement within {parse.GetValue(wait)} s: is `edgesensors run` running?");
        });
        return command;
    }
}
