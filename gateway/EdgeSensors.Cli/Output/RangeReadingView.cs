using System.Globalization;
using System.Text.Json;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Modbus.Addressing;

namespace EdgeSensors.Cli.Output;

/// <summary>Renders an address-mode read: a heading that says how the address was read, a table, or a JSON object.</summary>
public static class RangeReadingView
{
    /// <summary>E.g. "tcp://10.0.0.5:502 unit 1: 40001 read as register number: holding register, protocol address 0 (0x0000)".</summary>
    public static string Heading(RangeReading reading) =>
        $"{reading.Connection} unit {reading.Range.Unit}: {reading.Range.Start.Explain()}";

    /// <summary>E.g. "float32 ABCD, 2 values, 4.1 ms, 1 attempt".</summary>
    public static string Summary(RangeReading reading)
    {
        RegisterRange range = reading.Range;
        string decoding = range.IsBits ? "bits" : $"{DecodeOptions.TypeName(range.Decoding.Type)} {(range.Decoding.AllOrders ? "all orders" : range.Decoding.Order.ToString())}";
        string attempts = reading.Result.Attempts == 1 ? "1 attempt" : $"{reading.Result.Attempts} attempts";
        return $"{decoding}, {range.ValueCount} value(s), {ValueText.Milliseconds(reading.Result.Latency)}, {attempts}";
    }

    public static TextTable Table(RangeReading reading)
    {
        RegisterRange range = reading.Range;
        if (range.IsBits)
        {
            var bits = new TextTable("register", "address", "value");
            foreach (DecodedValue value in reading.Values)
            {
                bits.Add(value.RegisterNumber, ValueText.Address(value.Address), value.Bit == true ? "1 (on)" : "0 (off)");
            }

            return bits;
        }

        if (range.Decoding.AllOrders)
        {
            var probe = new TextTable("register", "address", "raw (hex)", "ABCD", "CDAB", "BADC", "DCBA");
            foreach (DecodedValue value in reading.Values)
            {
                probe.Add(
                    [value.RegisterNumber, ValueText.Address(value.Address), ValueText.Hex(value.Raw),
                    .. value.Values.Select(v => ValueText.Format(v, range.Decoding.Type))]);
            }

            return probe;
        }

        var table = new TextTable("register", "address", "raw (hex)", DecodeOptions.TypeName(range.Decoding.Type));
        foreach (DecodedValue value in reading.Values)
        {
            table.Add(value.RegisterNumber, ValueText.Address(value.Address), ValueText.Hex(value.Raw), ValueText.Format(value.Values[0], range.Decoding.Type));
        }

        return table;
    }

    public static void WriteJson(Utf8JsonWriter json, RangeReading reading)
    {
        RegisterRange range = reading.Range;
        json.WriteStartObject();
        json.WriteString("time", reading.Time.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("connection", reading.Connection);
        json.WriteNumber("unit", range.Unit);
        json.WriteString("table", TableName(range));
        json.WriteString("registerNumber", RegisterAddress.RegisterNumber(range.Table, range.Start.Address));
        json.WriteNumber("address", range.Start.Address);
        json.WriteString("notation", range.Start.Notation == AddressNotation.RegisterNumber ? "registerNumber" : "protocolAddress");
        json.WriteString("interpretation", range.Start.Explain());
        if (!range.IsBits)
        {
            json.WriteString("type", DecodeOptions.TypeName(range.Decoding.Type));
            json.WriteString("order", range.Decoding.AllOrders ? "all" : range.Decoding.Order.ToString());
        }

        json.WriteNumber("count", range.ValueCount);
        WriteStatus(json, reading);
        json.WriteStartArray("values");
        foreach (DecodedValue value in reading.Values)
        {
            WriteValue(json, range, value);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, RegisterRange range, DecodedValue value)
    {
        json.WriteStartObject();
        json.WriteString("registerNumber", value.RegisterNumber);
        json.WriteNumber("address", value.Address);
        if (value.Bit is bool bit)
        {
            json.WriteBoolean("value", bit);
            json.WriteEndObject();
            return;
        }

        json.WriteStartArray("raw");
        foreach (ushort register in value.Raw)
        {
            json.WriteStringValue(register.ToString("X4", CultureInfo.InvariantCulture));
        }

        json.WriteEndArray();
        if (range.Decoding.AllOrders)
        {
            json.WriteStartObject("orders");
            for (int i = 0; i < RegisterRangeDecoder.AllOrders.Length; i++)
            {
                json.WritePropertyName(RegisterRangeDecoder.AllOrders[i].ToString());
                Json.WriteNumberValue(json, value.Values[i], range.Decoding.Type);
            }

            json.WriteEndObject();
        }
        else
        {
            json.WritePropertyName("value");
            Json.WriteNumberValue(json, value.Values[0], range.Decoding.Type);
        }

        json.WriteEndObject();
    }

    /// <summary>ok, status, exception code, latency, attempts, and the one-line cause when it failed.</summary>
    public static void WriteStatus(Utf8JsonWriter json, RangeReading reading)
    {
        json.WriteBoolean("ok", reading.Result.IsOk);
        json.WriteString("status", reading.Result.Status.ToString());
        if (!reading.Result.IsOk)
        {
            json.WriteNumber("exitCode", ExitCodes.FromStatus(reading.Result.Status));
            json.WriteString("error", reading.Result.Describe());
        }

        if (reading.Result.ExceptionCode != 0)
        {
            json.WriteNumber("exceptionCode", (int)reading.Result.ExceptionCode);
        }

        json.WriteNumber("latencyMs", Math.Round(reading.Result.Latency.TotalMilliseconds, 3));
        json.WriteNumber("attempts", reading.Result.Attempts);
    }

    public static string TableName(RegisterRange range) => range.Table switch
    {
        EdgeSensors.Modbus.Protocol.RegisterTable.Coil => "coil",
        EdgeSensors.Modbus.Protocol.RegisterTable.DiscreteInput => "discrete",
        EdgeSensors.Modbus.Protocol.RegisterTable.InputRegister => "input",
        _ => "holding",
    };
}
