using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>
/// The messages behind the golden payloads in Telemetry/golden, as a producer builds them. The files are the
/// contract; these say what each one means.
/// </summary>
internal static class GoldenMessages
{
    public static readonly string[] BatchFiles = ["batch-live.json", "batch-backfill.json"];

    public static readonly string[] AlarmFiles = ["alarm-hh-raised.json", "alarm-rate-cleared.json", "alarm-sensor-fault-acknowledged.json"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Telemetry", "golden");

    /// <summary>The payload bytes of a golden file: the file holds them followed by one LF.</summary>
    public static byte[] Payload(string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Directory, file));
        Assert.True(bytes.Length > 1 && bytes[^1] == '\n' && bytes[^2] != '\n', file + " must end with exactly one LF after the payload");
        return bytes[..^1];
    }

    /// <summary>
    /// The batch a producer hands the encoder; <paramref name="asDecoded"/> gives what a consumer reads back
    /// (the one difference: a "good" reading with a NaN value goes out as sensor_fault).
    /// </summary>
    public static TelemetryBatch Batch(string file, bool asDecoded = false)
    {
        var batch = new TelemetryBatch(16);
        switch (file)
        {
            case "batch-live.json":
                batch.Source = "gw-tankfarm-01";
                Add(batch, "tk101.level", 7.25, "m", SignalQuality.Good, 1767225600000, 1041);
                Add(batch, "tk101.temperature", -3.5, "°C", SignalQuality.Good, 1767225600000, 1042);
                Add(batch, "pt495-1/concentration", 12.4, "ppm", SignalQuality.Good, 1767225600120, 1043);
                Add(batch, "smm5100-2/concentration", 0, "%LEL", SignalQuality.Good, 1767225600120, 1044);

                // A KELLER channel error reads as NaN while the instrument answered: sent as null + sensor_fault.
                Add(batch, "keller30-1/p1", double.NaN, "bar", asDecoded ? SignalQuality.SensorFault : SignalQuality.Good, 1767225600250, 1045);
                Add(batch, "vega-c21/pv", double.NaN, "m³", SignalQuality.CommFailure, 1767225600400, 1046);
                Add(batch, "tk102.level", 6.9, "m", SignalQuality.Stale, 1767225590000, 1047);
                Add(batch, "tk103.pressure", 1250, "mbar", SignalQuality.OutOfRange, 1767225600500, 1048);
                Add(batch, "line4.leak_rate", 1.5e-7, "m³/s", SignalQuality.Good, 1767225600500, 1049);
                break;
            case "batch-backfill.json":
                // Replayed after an outage: backfill, original times, seq past 2^53 to show why it is a string.
                batch.Source = "node-esp32-07";
                batch.Backfill = true;
                Add(batch, "tk201.level", 3.0001, "m", SignalQuality.Good, 1767139200000, 9007199254740993);
                Add(batch, "tk201.level", 3.0002, "m", SignalQuality.Good, 1767139260000, 9007199254740994);
                Add(batch, "tk201.level", 0.1 + 0.2, "m", SignalQuality.Good, 1767139320000, 9007199254740995);
                break;
            default:
                throw new ArgumentException("no golden batch " + file, nameof(file));
        }

        return batch;
    }

    public static AlarmMessage Alarm(string file)
    {
        switch (file)
        {
            case "alarm-hh-raised.json":
                return new AlarmMessage
                {
                    Source = "gw-tankfarm-01",
                    Tag = "smm5100-2/concentration",
                    Kind = AlarmKind.HighHigh,
                    State = AlarmEventType.Raised,
                    Value = 52.5,
                    Limit = 50,
                    Unit = "%LEL",
                    TimeMs = 1767225612345,
                    Seq = 88,
                    Latched = true,
                };
            case "alarm-rate-cleared.json":
                return new AlarmMessage
                {
                    Source = "gw-tankfarm-01",
                    Tag = "tk101.level",
                    Kind = AlarmKind.RateOfChange,
                    State = AlarmEventType.Cleared,
                    Value = 0.12,
                    Limit = 0.5,
                    Unit = "m/min",
                    TimeMs = 1767225700000,
                    Seq = 89,
                    Latched = false,
                };
            case "alarm-sensor-fault-acknowledged.json":
                return new AlarmMessage
                {
                    Source = "node-esp32-07",
                    Backfill = true,
                    Tag = "keller30-1/p1",
                    Kind = AlarmKind.SensorFault,
                    State = AlarmEventType.Acknowledged,
                    Value = double.NaN,
                    Limit = double.NaN,
                    Unit = "bar",
                    TimeMs = 1767139380000,
                    Seq = ulong.MaxValue,
                    Latched = true,
                };
            default:
                throw new ArgumentException("no golden alarm " + file, nameof(file));
        }
    }

    public static TheoryData<string> BatchData() => new(BatchFiles);

    public static TheoryData<string> AlarmData() => new(AlarmFiles);

    private static void Add(TelemetryBatch batch, string tag, double value, string unit, SignalQuality quality, long timeMs, ulong seq)
    {
        Assert.True(batch.TryAdd(tag, value, unit, quality, timeMs, seq));
    }
}
