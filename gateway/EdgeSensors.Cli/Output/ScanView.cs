using System.Globalization;
using EdgeSensors.Cli.Reading;

namespace EdgeSensors.Cli.Output;

/// <summary>Renders a scan report: a table of units found (unit, line settings, reply, latency) or one JSON document.</summary>
public static class ScanView
{
    public static void Write(CommandOutput output, ScanReport report)
    {
        if (output.IsJson)
        {
            output.JsonLine(json =>
            {
                json.WriteStartObject();
                json.WriteNumber("probes", report.Plan.ProbeCount);
                json.WriteNumber("timeoutMs", report.Plan.ProbeTimeout.TotalMilliseconds);
                json.WriteStartArray("settings");
                foreach (var setting in report.Plan.Settings)
                {
                    json.WriteStringValue(setting.ToString());
                }

                json.WriteEndArray();
                json.WriteStartArray("found");
                foreach (FoundUnit unit in report.Found)
                {
                    json.WriteStartObject();
                    json.WriteNumber("unit", unit.Unit);
                    json.WriteString("connection", unit.Connection.ToString());
                    if (unit.Connection.IsSerial)
                    {
                        json.WriteNumber("baud", unit.Connection.Line.Baud);
                        json.WriteString("parity", unit.Connection.Line.Parity);
                        json.WriteNumber("stopBits", unit.Connection.Line.StopBits);
                    }

                    json.WriteString("reply", unit.ReplyText);
                    json.WriteNumber("latencyMs", Math.Round(unit.Reply.Latency.TotalMilliseconds, 3));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteNumber("garbled", report.Garbled);
                if (report.TransportFailure is not null)
                {
                    json.WriteString("error", report.TransportFailure.Describe());
                }

                json.WriteEndObject();
            });
            return;
        }

        output.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"probed {report.Plan.Units.Count} unit(s) x {report.Plan.Settings.Count} setting(s), {report.Plan.ProbeTimeout.TotalMilliseconds} ms per probe: {report.Found.Count} found"));
        if (report.Found.Count > 0)
        {
            var table = new TextTable("unit", "connection", "reply", "latency");
            foreach (FoundUnit unit in report.Found)
            {
                table.Add(unit.Unit.ToString(CultureInfo.InvariantCulture), unit.Connection.ToString(), unit.ReplyText, ValueText.Milliseconds(unit.Reply.Latency));
            }

            output.Table(table);
        }

        if (report.Garbled > 0)
        {
            output.Line($"{report.Garbled} garbled replies (CRC or frame errors): a unit may be there at another baud rate or parity.");
        }
    }

    public static string NothingFound(ScanReport report) =>
        $"no unit answered on {string.Join(", ", report.Plan.Settings)} (units {report.Plan.Units.Min()}-{report.Plan.Units.Max()}, "
        + $"{report.Plan.ProbeTimeout.TotalMilliseconds} ms per probe); check wiring (A/B swapped?), termination and --timeout";
}
