using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeSensors.Cli.Output;

/// <summary>
/// The three ways a command can print: JSON lines (--json), Spectre widgets (interactive terminal) or plain aligned
/// text (anything else). Failures always go to stderr as one line, whatever the mode.
/// </summary>
public sealed class CommandOutput(CliEnvironment environment, bool json)
{
    private IAnsiConsole? _console;

    public bool IsJson { get; } = json;

    /// <summary>Spectre tables, live display and progress bars: only on a terminal and without --json.</summary>
    public bool IsRich => environment.IsTerminal && !IsJson;

    public TextWriter Out => environment.Out;

    public IAnsiConsole Console => _console ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(environment.Out),
        Ansi = environment.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = environment.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = environment.IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
    });

    public void Line(string text)
    {
        if (IsRich)
        {
            Console.MarkupLine(Markup.Escape(text));
        }
        else
        {
            Out.WriteLine(text);
        }
    }

    public void Table(TextTable table)
    {
        if (IsRich)
        {
            Console.Write(table.ToSpectre());
        }
        else
        {
            table.WritePlain(Out);
        }
    }

    public void Render(IRenderable widget) => Console.Write(widget);

    public void JsonLine(Action<Utf8JsonWriter> write)
    {
        Out.WriteLine(Json.Line(write));
        Out.Flush();
    }

    /// <summary>Writes "error: ..." on stderr and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, string message)
    {
        environment.Error.WriteLine("error: " + message);
        environment.Error.Flush();
        return exitCode;
    }
}
