using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace EdgeSensors.Cli.Help;

/// <summary>The standard --help output followed by an "Examples:" section for the command asked about.</summary>
public sealed class ExamplesHelpAction(HelpAction standard, IReadOnlyDictionary<Command, string[]> examples) : SynchronousCommandLineAction
{
    /// <summary>`edgesensors read --help` must work even though read's required options are missing.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int code = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out string[]? lines) && lines.Length > 0)
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (string line in lines)
            {
                output.WriteLine("  " + line);
            }

            output.WriteLine();
        }

        return code;
    }
}
