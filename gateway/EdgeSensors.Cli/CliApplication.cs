using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using EdgeSensors.Cli.Commands;
using EdgeSensors.Cli.Help;

namespace EdgeSensors.Cli;

/// <summary>Builds the `edgesensors` command tree and runs it, turning every way of failing into a documented exit code.</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, bool handleSignals)
    {
        RootCommand root = CreateRoot(environment);
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parse.Errors)
            {
                await environment.Error.WriteLineAsync("error: " + error.Message);
            }

            await environment.Error.WriteLineAsync($"Run '{CommandPath(parse)} --help' for options and examples.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = handleSignals ? TimeSpan.FromSeconds(3) : null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, environment.Cancellation);
        }
        catch (CliUsageException ex)
        {
            await environment.Error.WriteLineAsync("error: " + ex.Message);
            await environment.Error.WriteLineAsync($"Run '{CommandPath(parse)} --help' for options and examples.");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await environment.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.InternalError;
        }
    }

    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        var root = new RootCommand(
            "edgesensors: the field technician's Modbus tool for EdgeSensors tank-farm instruments "
            + "(gas %LEL/ppm, level, pressure) over Modbus TCP, RTU and RTU-over-TCP.\n"
            + "Exit codes: 0 ok, 1 internal error, 2 usage, 3 timeout, 4 Modbus exception, 5 frame/CRC error, 6 transport error, 7 invalid config, 8 enrolment refused.");
        var examples = new Dictionary<Command, string[]>();
        Add(root, examples, ReadCommand.Create(environment), ReadCommand.Examples);
        Add(root, examples, ScanCommand.Create(environment), ScanCommand.Examples);
        Add(root, examples, WatchCommand.Create(environment), WatchCommand.Examples);
        Add(root, examples, SimulateCommand.Create(environment), SimulateCommand.Examples);
        Add(root, examples, DemoCommand.Create(environment), DemoCommand.Examples);
        Add(root, examples, RunCommand.Create(environment), RunCommand.Examples);
        Add(root, examples, StatusCommand.Create(environment), StatusCommand.Examples);
        Add(root, examples, AckCommand.Create(environment), AckCommand.Examples);
        Add(root, examples, CheckConfigCommand.Create(environment), CheckConfigCommand.Examples);
        Add(root, examples, EnrollCommand.Create(environment), EnrollCommand.Examples);
        examples[root] = [.. ReadCommand.Examples.Take(1), .. ScanCommand.Examples.Take(1), .. WatchCommand.Examples.Take(1), .. SimulateCommand.Examples.Take(1)];
        foreach (Option option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction standard)
            {
                help.Action = new ExamplesHelpAction(standard, examples);
            }
        }

        return root;
    }

    private static void Add(RootCommand root, Dictionary<Command, string[]> examples, Command command, string[] commandExamples)
    {
        root.Subcommands.Add(command);
        examples[command] = commandExamples;
    }

    private static string CommandPath(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "edgesensors" : "edgesensors " + parse.CommandResult.Command.Name;
}
