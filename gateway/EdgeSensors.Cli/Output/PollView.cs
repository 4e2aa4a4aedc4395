using EdgeSensors.Cli.Reading;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeSensors.Cli.Output;

/// <summary>Renders one poll outcome (address range or profile) in the output's mode; read and watch share it.</summary>
public static class PollView
{
    public static void Write(CommandOutput output, PollOutcome outcome)
    {
        if (output.IsJson)
        {
            output.JsonLine(json => WriteJson(json, outcome));
            return;
        }

        if (output.IsRich)
        {
            output.Render(Widget(outcome));
            return;
        }

        output.Line(Heading(outcome));
        if (outcome.IsOk)
        {
            output.Line(Summary(outcome));
            Table(outcome).WritePlain(output.Out);
        }
    }

    /// <summary>The heading, summary and table as one Spectre widget (also the target of watch's live display).</summary>
    public static IRenderable Widget(PollOutcome outcome)
    {
        var rows = new List<IRenderable> { new Text(Heading(outcome), new Style(decoration: Decoration.Bold)) };
        if (outcome.IsOk)
        {
            rows.Add(new Text(Summary(outcome)));
            rows.Add(Table(outcome).ToSpectre());
        }
        else
        {
            rows.Add(new Text(outcome.Error ?? "failed", new Style(Color.Red)));
        }

        return new Rows(rows);
    }

    public static string Heading(PollOutcome outcome) => outcome switch
    {
        RangeReading range => RangeReadingView.Heading(range),
        ProfileReading profile => ProfileReadingView.Heading(profile),
        _ => outcome.ToString(),
    };

    public static string Summary(PollOutcome outcome) => outcome switch
    {
        RangeReading range => RangeReadingView.Summary(range),
        ProfileReading profile => ProfileReadingView.Summary(profile),
        _ => string.Empty,
    };

    public static TextTable Table(PollOutcome outcome) => outcome switch
    {
        RangeReading range => RangeReadingView.Table(range),
        ProfileReading profile => ProfileReadingView.Table(profile),
        _ => new TextTable("value"),
    };

    public static void WriteJson(System.Text.Json.Utf8JsonWriter json, PollOutcome outcome)
    {
        switch (outcome)
        {
            case RangeReading range:
                RangeReadingView.WriteJson(json, range);
                break;
            case ProfileReading profile:
                ProfileReadingView.WriteJson(json, profile);
                break;
        }
    }
}
