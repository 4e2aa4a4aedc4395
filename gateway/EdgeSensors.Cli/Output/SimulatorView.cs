using System.Globalization;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Farm;

namespace EdgeSensors.Cli.Output;

/// <summary>What a running simulator serves: its endpoints and a table of units (profile, location, role, primary tag).</summary>
public static class SimulatorView
{
    public static void Write(CommandOutput output, SimulatorHost host, SimulatorOptions options)
    {
        SimulatedDevice[] devices = [.. host.Farm.Devices.OrderBy(d => d.Unit.Unit)];
        if (output.IsJson)
        {
            output.JsonLine(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("endpoints");
                host.Endpoints.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteNumber("seed", options.Seed);
                json.WriteStartArray("units");
                foreach (SimulatedDevice device in devices)
                {
                    json.WriteStartObject();
                    json.WriteNumber("unit", device.Unit.Unit);
                    json.WriteString("profile", device.Profile.Id);
                    json.WriteString("location", device.Unit.Location);
                    json.WriteString("role", device.Unit.Role);
                    json.WriteString("primaryTag", device.Unit.PrimaryTag);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        foreach (string endpoint in host.Endpoints)
        {
            output.Line("serving " + endpoint);
        }

        var table = new TextTable("unit", "profile", "location", "role", "primary tag");
        foreach (SimulatedDevice device in devices)
        {
            table.Add(device.Unit.Unit.ToString(CultureInfo.InvariantCulture), device.Profile.Id, device.Unit.Location, device.Unit.Role, device.Unit.PrimaryTag);
        }

        output.Table(table);
        if (!options.Faults.IsEmpty)
        {
            output.Line("fault injection is on (see --help for --slow, --dead, --exception, --corrupt-crc, --garbage, --drop-tcp-every)");
        }

        output.Line("press Ctrl+C to stop");
        output.Out.Flush();
    }
}
