using System.Globalization;
using System.Text.Json;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Modbus.Addressing;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Profiles.Decoding;

namespace EdgeSensors.Cli.Output;

/// <summary>Renders a profile poll: one row per tag with register, value, unit, quality (with fault reasons) and raw registers.</summary>
public static class ProfileReadingView
{
    public static string Heading(ProfileReading reading) =>
        $"{reading.Connection} unit {reading.Target.Unit}: profile {reading.Target.Profile}";

    public static string Summary(ProfileReading reading)
    {
        int failed = reading.Blocks.Count(b => !b.IsOk);
        double ms = reading.Blocks.Sum(b => b.Latency.TotalMilliseconds);
        string blocks = failed == 0 ? $"{reading.Blocks.Count} block read(s)" : $"{reading.Blocks.Count} block read(s), {failed} failed";
        return string.Create(CultureInfo.InvariantCulture, $"{reading.Tags.Count} tag(s), {blocks}, {ms:0.0} ms");
    }

    public static TextTable Table(ProfileReading reading)
    {
        var table = new TextTable("tag", "register", "value", "unit", "quality", "raw (hex)");
        foreach (ProfileTagRow row in reading.Tags)
        {
            TagReading tag = row.Reading;
            string quality = tag.Reasons.Count == 0 ? tag.Quality.ToString() : $"{tag.Quality}: {string.Join("; ", tag.Reasons)}";
            table.Add(
                tag.Tag.Name,
                RegisterAddress.RegisterNumber(tag.Tag.Table, tag.Tag.Address),
                tag.Quality is ReadingQuality.Missing ? "-" : ValueText.Format(tag.Value),
                tag.Unit ?? string.Empty,
                quality,
                tag.Tag.IsBit ? string.Empty : ValueText.Hex(row.Raw));
        }

        return table;
    }

    public static void WriteJson(Utf8JsonWriter json, ProfileReading reading)
    {
        json.WriteStartObject();
        json.WriteString("time", reading.Time.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("connection", reading.Connection);
        json.WriteNumber("unit", reading.Target.Unit);
        json.WriteString("profile", reading.Target.Profile.Id);
        json.WriteBoolean("ok", reading.IsOk);
        if (reading.FirstFailure is { } failure)
        {
            json.WriteString("status", failure.Status.ToString());
            json.WriteNumber("exitCode", reading.ExitCode);
            json.WriteString("error", failure.Describe());
        }

        json.WriteStartArray("blocks");
        foreach (ModbusResult block in reading.Blocks)
        {
            json.WriteStartObject();
            json.WriteString("registerNumber", RegisterAddress.RegisterNumber(block.Table, block.Address));
            json.WriteNumber("address", block.Address);
            json.WriteNumber("count", block.Count);
            json.WriteString("status", block.Status.ToString());
            json.WriteNumber("latencyMs", Math.Round(block.Latency.TotalMilliseconds, 3));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("tags");
        foreach (ProfileTagRow row in reading.Tags)
        {
            WriteTag(json, row);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter json, ProfileTagRow row)
    {
        TagReading tag = row.Reading;
        json.WriteStartObject();
        json.WriteString("name", tag.Tag.Name);
        json.WriteString("registerNumber", RegisterAddress.RegisterNumber(tag.Tag.Table, tag.Tag.Address));
        json.WriteNumber("address", tag.Tag.Address);
        Json.WriteNumber(json, "value", tag.Value);
        Json.WriteNumber(json, "raw", tag.Raw);
        if (tag.Unit is not null)
        {
            json.WriteString("unit", tag.Unit);
        }

        json.WriteString("quality", tag.Quality.ToString());
        json.WriteStartArray("reasons");
        foreach (string reason in tag.Reasons)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        json.WriteStartArray("registers");
        foreach (ushort register in row.Raw)
        {
            json.WriteStringValue(register.ToString("X4", CultureInfo.InvariantCulture));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
