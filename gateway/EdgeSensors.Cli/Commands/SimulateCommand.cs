using System.CommandLine;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors simulate`: serve simulated tank-farm instruments over Modbus TCP or RTU.</summary>
public static class SimulateCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors simulate --tcp-port 5020",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("simulate", "Serve simulated instruments (device profiles) over Modbus TCP or RTU until Ctrl+C/SIGTERM.");
        _ = environment;
        return command;
    }
}
