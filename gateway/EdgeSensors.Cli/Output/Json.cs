using System.Text;
using System.Text.Json;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Cli.Output;

/// <summary>Writes compact JSON documents (one per line) and numbers that JSON cannot hold (NaN, infinity) as strings.</summary>
public static class Json
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One JSON document as a single line.</summary>
    public static string Line(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A finite number as a JSON number; NaN and infinities (a KELLER channel error reads as NaN) as "NaN", "Infinity".</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteNumberValue(writer, value);
    }

    /// <summary>A decoded register value: float32 at float precision (25.1, not 25.100000381469727).</summary>
    public static void WriteNumberValue(Utf8JsonWriter writer, double value, DataType type)
    {
        if (type == DataType.Float32 && double.IsFinite(value))
        {
            writer.WriteNumberValue((float)value);
        }
        else
        {
            WriteNumberValue(writer, value);
        }
    }

    public static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
