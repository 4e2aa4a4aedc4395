using System.Globalization;
using System.Text.Json;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Profiles.Decoding;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeSensors.Cli.Output;

/// <summary>Renders a demo cycle: one row per instrument with its primary value, unit, quality and read latency.</summary>
public static class DemoView
{
    public static void Write(CommandOutput output, DemoCycle cycle)
    {
        if (output.IsJson)
        {
            output.JsonLine(json => WriteJson(json, cycle));
            return;
        }

        output.Line(Heading(cycle));
        Table(cycle).WritePlain(output.Out);
        if (cycle.Gateway is not null)
        {
            output.Line(cycle.Gateway);
        }

        output.Out.WriteLine();
        output.Out.Flush();
    }

    public static IRenderable Widget(DemoCycle cycle) =>
        new Rows(new Text(Heading(cycle), new Style(decoration: Decoration.Bold)), Table(cycle).ToSpectre(), new Text(cycle.Gateway ?? string.Empty));

    public static string Heading(DemoCycle cycle) =>
        string.Create(CultureInfo.InvariantCulture, $"cycle {cycle.Number} at {cycle.Time:HH:mm:ss} UTC: {cycle.Units.Count(u => u.Reading.IsOk)}/{cycle.Units.Count} instruments answered");

    public static TextTable Table(DemoCycle cycle)
    {
        var table = new TextTable("unit", "location", "measures", "instrument", "value", "unit of measure", "quality", "read time");
        foreach ((DemoUnit unit, ProfileReading reading) in cycle.Units)
        {
            TagReading? primary = Primary(unit, reading);
            table.Add(
                unit.Farm.Unit.ToString(CultureInfo.InvariantCulture),
                unit.Farm.Location,
                unit.Farm.Role,
                unit.Target.Profile.Id,
                primary is null || primary.Quality is ReadingQuality.Missing ? "-" : ValueText.Format(primary.Value),
                primary?.Unit ?? string.Empty,
                reading.IsOk ? Quality(primary) : reading.Error ?? "failed",
                ValueText.Milliseconds(TimeSpan.FromTicks(reading.Blocks.Sum(b => b.Latency.Ticks))));
        }

        return table;
    }

    public static void WriteJson(Utf8JsonWriter json, DemoCycle cycle)
    {
        json.WriteStartObject();
        json.WriteNumber("cycle", cycle.Number);
        json.WriteString("time", cycle.Time.ToString("O", CultureInfo.InvariantCulture));
        json.WriteStartArray("instruments");
        foreach ((DemoUnit unit, ProfileReading reading) in cycle.Units)
        {
            TagReading? primary = Primary(unit, reading);
            json.WriteStartObject();
            json.WriteNumber("unit", unit.Farm.Unit);
            json.WriteString("location", unit.Farm.Location);
            json.WriteString("measures", unit.Farm.Role);
            json.WriteString("profile", unit.Target.Profile.Id);
            json.WriteString("tag", unit.Farm.PrimaryTag);
            json.WriteBoolean("ok", reading.IsOk);
            if (primary is not null && double.IsFinite(primary.Value) && primary.Quality is not ReadingQuality.Missing)
            {
                json.WriteNumber("value", primary.Value);
            }
            else
            {
                json.WriteNull("value");
            }

            json.WriteString("unitOfMeasure", primary?.Unit);
            json.WriteString("quality", primary?.Quality.ToString() ?? "Missing");
            if (!reading.IsOk)
            {
                json.WriteString("error", reading.Error);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (cycle.Gateway is not null)
        {
            json.WriteString("gateway", cycle.Gateway);
        }

        json.WriteEndObject();
    }

    private static TagReading? Primary(DemoUnit unit, ProfileReading reading) =>
        reading.Tags.Select(t => t.Reading).FirstOrDefault(t => t.Tag.Name == unit.Farm.PrimaryTag);

    private static string Quality(TagReading? tag) =>
        tag is null ? "-" : tag.Reasons.Count == 0 ? tag.Quality.ToString() : $"{tag.Quality}: {string.Join("; ", tag.Reasons)}";
}
