using System.Text;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using EdgeSensors.Telemetry.Wire;
using Json.Schema;

namespace EdgeSensors.Gateway.Tests.Telemetry;

/// <summary>
/// docs/telemetry.schema.json and the code agree: the golden payloads (which the encoder writes byte for byte)
/// validate, the schema rejects what the decoder rejects wherever JSON Schema can say it, and it lists exactly the
/// code's members and wire names.
/// </summary>
public class TelemetrySchemaTests
{
    private const string SchemaId = "https://edgesensors.invalid/schemas/telemetry.schema.json";
    private const string Reading = """{"tag":"t1","value":1,"unit":"m","quality":"good","time_ms":0,"seq":"1"}""";
    private const string Batch = """{"schema":1,"source":"gw-1","backfill":false,"readings":[""" + Reading + "]}";
    private const string Alarm = """{"schema":1,"source":"gw-1","backfill":false,"tag":"t1","kind":"HH","state":"raised","value":9,"limit":8,"unit":"m","time_ms":0,"seq":"1","latched":true}""";

    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Telemetry");
    private static readonly BuildOptions Build = new() { SchemaRegistry = new SchemaRegistry() };
    private static readonly JsonSchema Root = JsonSchema.FromText(File.ReadAllText(Path.Combine(Directory, "telemetry.schema.json")), Build);
    private static readonly JsonSchema BatchSchema = JsonSchema.FromText("{\"$ref\":\"" + SchemaId + "#/$defs/batch\"}", Build);
    private static readonly JsonSchema AlarmSchema = JsonSchema.FromText("{\"$ref\":\"" + SchemaId + "#/$defs/alarmEvent\"}", Build);

    private static string[] GoldenFileNames =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "golden"), "*.json").Select(path => Path.GetFileName(path)).Order().ToArray();

    public static TheoryData<string> GoldenFiles() => new(GoldenFileNames);

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Every_golden_payload_validates_as_what_its_name_says(string file)
    {
        string json = File.ReadAllText(Path.Combine(Directory, "golden", file));
        bool isBatch = file.StartsWith("batch", StringComparison.Ordinal);

        AssertValid(Root, json);
        AssertValid(isBatch ? BatchSchema : AlarmSchema, json);
        Assert.False(Evaluate(isBatch ? AlarmSchema : BatchSchema, json).IsValid);
    }

    [Fact]
    public void There_are_golden_payloads_of_both_kinds()
    {
        string[] files = GoldenFileNames;

        Assert.Contains(files, f => f.StartsWith("batch", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("alarm", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Rejected() => new()
    {
        { "unknown quality", Batch.Replace("\"good\"", "\"bad\"") },
        { "seq as a number", Batch.Replace("\"seq\":\"1\"", "\"seq\":1") },
        { "seq with a leading zero", Batch.Replace("\"seq\":\"1\"", "\"seq\":\"01\"") },
        { "seq of 21 digits", Batch.Replace("\"seq\":\"1\"", "\"seq\":\"100000000000000000000\"") },
        { "missing seq", Batch.Replace(",\"seq\":\"1\"", string.Empty) },
        { "extra member", Batch.Replace("\"backfill\"", "\"sauce\":1,\"backfill\"") },
        { "null value with quality good", Batch.Replace("\"value\":1", "\"value\":null") },
        { "fractional time", Batch.Replace("\"time_ms\":0", "\"time_ms\":1.5") },
        { "negative time", Batch.Replace("\"time_ms\":0", "\"time_ms\":-1") },
        { "time past 2^53", Batch.Replace("\"time_ms\":0", "\"time_ms\":9007199254740992") },
        { "future schema", Batch.Replace("\"schema\":1", "\"schema\":2") },
        { "no readings", Batch[..Batch.IndexOf('[', StringComparison.Ordinal)] + "[]}" },
        { "501 readings", Batch.Replace(Reading, string.Join(",", Enumerable.Repeat(Reading, 501))) },
        { "tag with a space", Batch.Replace("\"t1\"", "\"tk 101\"") },
        { "tag with a trailing newline", Batch.Replace("\"t1\"", "\"t1\\n\"") },
        { "source with a slash", Batch.Replace("gw-1", "gw/1") },
        { "source with a trailing newline", Batch.Replace("\"gw-1\"", "\"gw-1\\n\"") },
        { "unit of 17 characters", Batch.Replace("\"unit\":\"m\"", "\"unit\":\"" + new string('m', 17) + "\"") },
        { "backfill as a string", Batch.Replace("false", "\"false\"") },
        { "limit alarm without a limit", Alarm.Replace("\"limit\":8", "\"limit\":null") },
        { "sensor fault with a limit", Alarm.Replace("\"HH\"", "\"sensor_fault\"") },
        { "unknown kind", Alarm.Replace("\"HH\"", "\"HHH\"") },
        { "unknown state", Alarm.Replace("\"raised\"", "\"open\"") },
        { "missing latched", Alarm.Replace(",\"latched\":true", string.Empty) },
        { "quality in an alarm", Alarm.Replace("\"latched\"", "\"quality\":\"good\",\"latched\"") },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void The_schema_rejects_what_the_decoder_rejects(string name, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var decoder = new TelemetryDecoder();
        TelemetryDecodeStatus status = json.Contains("\"kind\"", StringComparison.Ordinal)
            ? decoder.DecodeAlarm(bytes, 0, bytes.Length, new AlarmMessage())
            : decoder.DecodeBatch(bytes, 0, bytes.Length, new TelemetryBatch(TelemetryContract.MaxReadingsPerBatch));

        Assert.True(status != TelemetryDecodeStatus.Ok, name + ": the decoder accepted it");
        Assert.False(Evaluate(Root, json).IsValid, name + ": the schema accepted it");
    }

    [Fact]
    public void The_minimal_payloads_of_those_cases_are_valid_to_both()
    {
        AssertValid(BatchSchema, Batch);
        AssertValid(AlarmSchema, Alarm);
        byte[] batch = Encoding.UTF8.GetBytes(Batch);
        byte[] alarm = Encoding.UTF8.GetBytes(Alarm);
        Assert.Equal(TelemetryDecodeStatus.Ok, new TelemetryDecoder().DecodeBatch(batch, 0, batch.Length, new TelemetryBatch(1)));
        Assert.Equal(TelemetryDecodeStatus.Ok, new TelemetryDecoder().DecodeAlarm(alarm, 0, alarm.Length, new AlarmMessage()));
    }

    [Fact]
    public void The_schema_lists_exactly_the_codes_members_and_wire_names()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "telemetry.schema.json")));
        JsonElement defs = schema.RootElement.GetProperty("$defs");

        Assert.Equal(WireNames.Qualities, Strings(defs.GetProperty("quality").GetProperty("enum")));
        Assert.All(Enum.GetValues<SignalQuality>(), q => Assert.Contains(WireNames.Of(q), WireNames.Qualities));
        Assert.Equal(Enum.GetValues<AlarmKind>().Select(k => WireNames.Of(k)), Strings(defs.GetProperty("alarmEvent").GetProperty("properties").GetProperty("kind").GetProperty("enum")));
        Assert.Equal(Enum.GetValues<AlarmEventType>().Select(s => WireNames.Of(s)), Strings(defs.GetProperty("alarmEvent").GetProperty("properties").GetProperty("state").GetProperty("enum")));
        Assert.Equal(TelemetryContract.SchemaVersion, defs.GetProperty("schemaVersion").GetProperty("const").GetInt32());
        Assert.Equal(TelemetryContract.MaxReadingsPerBatch, defs.GetProperty("batch").GetProperty("properties").GetProperty("readings").GetProperty("maxItems").GetInt32());
        Assert.Equal(TelemetryContract.MaxUnitLength, defs.GetProperty("unit").GetProperty("maxLength").GetInt32());
        Assert.Equal(TelemetryContract.MaxTimeMs, defs.GetProperty("timeMs").GetProperty("maximum").GetInt64());

        Assert.Equal(
            [TelemetryFields.Schema, TelemetryFields.Source, TelemetryFields.Backfill, TelemetryFields.Readings],
            Strings(defs.GetProperty("batch").GetProperty("required")));
        Assert.Equal(
            [TelemetryFields.Tag, TelemetryFields.Value, TelemetryFields.Unit, TelemetryFields.Quality, TelemetryFields.TimeMs, TelemetryFields.Seq],
            Strings(defs.GetProperty("reading").GetProperty("required")));
        Assert.Equal(
            [TelemetryFields.Schema, TelemetryFields.Source, TelemetryFields.Backfill, TelemetryFields.Tag, TelemetryFields.Kind, TelemetryFields.State,
             TelemetryFields.Value, TelemetryFields.Limit, TelemetryFields.Unit, TelemetryFields.TimeMs, TelemetryFields.Seq, TelemetryFields.Latched],
            Strings(defs.GetProperty("alarmEvent").GetProperty("required")));
    }

    [Fact]
    public void Whatever_the_encoder_writes_validates()
    {
        var random = new Random(20251231);
        var encoder = new TelemetryEncoder();
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(8)];
        string[] units = ["m", "bar", "%LEL", "°C", "m³", string.Empty, "a\"b\\c\n", "\U0001F600"];
        for (int i = 0; i < 300; i++)
        {
            var batch = new TelemetryBatch(8) { Source = "gw-" + random.Next(1000), Backfill = random.Next(2) == 0 };
            int count = random.Next(1, 9);
            ulong seq = (ulong)random.NextInt64() * 2;
            for (int r = 0; r < count; r++)
            {
                double value = random.Next(10) switch
                {
                    0 => double.NaN,
                    1 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                    _ => Math.Round((random.NextDouble() - 0.3) * 1000, random.Next(6)),
                };
                batch.TryAdd("tag." + r + ":x", value, units[random.Next(units.Length)], (SignalQuality)random.Next(5), random.NextInt64(TelemetryContract.MaxTimeMs + 1), seq += (ulong)random.Next(1, 5));
            }

            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeBatch(batch, buffer, 0, out int length));
            AssertValid(BatchSchema, Encoding.UTF8.GetString(buffer, 0, length));

            var kind = (AlarmKind)random.Next(6);
            var alarm = new AlarmMessage
            {
                Source = "node-" + i,
                Tag = "t" + i,
                Kind = kind,
                State = (AlarmEventType)random.Next(3),
                Value = random.NextDouble() * 100,
                Limit = kind == AlarmKind.SensorFault ? double.NaN : random.Next(100),
                Unit = units[random.Next(units.Length)],
                TimeMs = random.NextInt64(TelemetryContract.MaxTimeMs + 1),
                Seq = (ulong)random.NextInt64(),
                Latched = random.Next(2) == 0,
            };
            Assert.Equal(TelemetryEncodeStatus.Ok, encoder.EncodeAlarm(alarm, buffer, 0, out length));
            AssertValid(AlarmSchema, Encoding.UTF8.GetString(buffer, 0, length));
        }
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static void AssertValid(JsonSchema schema, string json)
    {
        EvaluationResults result = Evaluate(schema, json);
        Assert.True(result.IsValid, json + Environment.NewLine + Describe(result));
    }

    private static EvaluationResults Evaluate(JsonSchema schema, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Key + " " + e.Value)));
}
