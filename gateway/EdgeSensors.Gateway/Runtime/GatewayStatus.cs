using System.Globalization;
using System.Text.Json;
using EdgeSensors.Gateway.Modbus.Diagnostics;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;
using EdgeSensors.Modbus.Protocol;
using Iot.Device.CpuTemperature;

namespace EdgeSensors.Gateway.Runtime;

/// <summary>
/// The gateway's status document: retained on edgesensors/G/status, written to DATA_DIR/status.json and shown by
/// `edgesensors status`. Units are in the member names (_ms, _bytes, _s, _c) so every number says what it is.
/// </summary>
public static class GatewayStatus
{
    // One sensor object for the process: it probes the thermal zone once, not on every status write.
    private static readonly CpuTemperature CpuSensor = new();

    public static byte[] Offline(string gatewayId) => Write(json =>
    {
        json.WriteString("gateway", gatewayId);
        json.WriteString("state", "offline");
    });

    public static byte[] Online(GatewayRuntime runtime) => Write(json =>
    {
        json.WriteString("gateway", runtime.GatewayId);
        json.WriteString("state", "online");
        json.WriteString("version", GatewayRuntime.Version);
        json.WriteNumber("time_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        json.WriteNumber("uptime_s", Math.Round(runtime.Uptime.TotalSeconds));
        json.WriteNumber("polls", runtime.Polls);
        json.WriteNumber("readings_queued", runtime.ReadingsQueued);
        json.WriteNumber("alarm_evaluations", runtime.AlarmEvaluations);
        json.WriteNumber("alarm_evaluated_ms", runtime.LastAlarmEvaluationMs);
        if (runtime.Forwarder is { } forwarder)
        {
            json.WriteNumber("readings_published", forwarder.PublishedReadings);
            json.WriteNumber("alarms_published", forwarder.PublishedAlarms);
            json.WriteNumber("failed_publishes", forwarder.FailedPublishes);
        }

        if (runtime.Upstream is { } upstream)
        {
            json.WriteBoolean("broker_connected", upstream.IsConnected);

            // Why the last publish or connect failed, e.g. "broker refused publish to ...: NotAuthorized": a refused
            // publish is retried (its entries stay queued under the queue's limits), so the cause must be visible.
            if (upstream.LastError is { } error)
            {
                json.WriteString("broker_last_error", error);
            }
        }

        WriteQueue(json, runtime.Queue.GetStats());
        WriteDevices(json, runtime);
        json.WriteStartArray("active_alarms");
        foreach (var (tag, active, unacknowledged) in runtime.Alarms.Summary())
        {
            json.WriteStartObject();
            json.WriteString("tag", tag);
            json.WriteString("active", active);
            json.WriteString("unacknowledged", unacknowledged);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("outputs");
        foreach (var (name, on) in runtime.Alarms.OutputStates())
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteBoolean("on", on);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("alarm_state_save_failures", runtime.Alarms.SaveFailures);
        if (runtime.Alarms.LastSaveFailure is { } saveFailure)
        {
            json.WriteString("alarm_state_last_save_failure", saveFailure);
        }

        WriteHost(json, runtime.Queue.Options.DataDirectory);
    });

    private static void WriteQueue(Utf8JsonWriter json, QueueStats stats)
    {
        json.WriteStartObject("queue");
        json.WriteNumber("depth", stats.Depth);
        json.WriteNumber("alarm_depth", stats.AlarmDepth);
        json.WriteNumber("bytes", stats.Bytes);
        json.WriteNumber("max_bytes", stats.MaxBytes);
        if (stats.OldestAge is TimeSpan age)
        {
            json.WriteNumber("oldest_age_s", Math.Round(age.TotalSeconds, 1));
        }
        else
        {
            json.WriteNull("oldest_age_s");
        }

        json.WriteNumber("next_seq", stats.NextSeq);
        json.WriteString("health", stats.Health.Condition.ToString());
        json.WriteString("health_message", stats.Health.Message);
        json.WriteStartObject("drops");
        foreach (DropReason reason in Enum.GetValues<DropReason>())
        {
            json.WriteStartObject(DropCounts.ReasonName(reason));
            json.WriteNumber("readings", stats.Drops.Readings(reason));
            json.WriteNumber("alarms", stats.Drops.Alarms(reason));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteDevices(Utf8JsonWriter json, GatewayRuntime runtime)
    {
        json.WriteStartArray("devices");
        foreach (var (device, bus) in runtime.Devices)
        {
            UnitCounters counters = bus.Counters(device.UnitId);
            json.WriteStartObject();
            json.WriteString("name", device.Name);
            json.WriteString("bus", device.Bus);
            json.WriteNumber("unit", device.UnitId);
            json.WriteNumber("requests", counters.Requests);
            json.WriteNumber("successes", counters.Successes);
            json.WriteNumber("timeouts", counters.Timeouts);
            json.WriteNumber("crc_errors", counters.CrcErrors);
            json.WriteNumber("frame_errors", counters.FrameErrors);
            json.WriteStartObject("exceptions");
            foreach (ExceptionCode code in Enum.GetValues<ExceptionCode>())
            {
                long count = counters.ExceptionCount(code);
                if (count > 0)
                {
                    // Two hex digits, as instrument manuals print them (0A, 0B).
                    json.WriteNumber(((byte)code).ToString("X2", CultureInfo.InvariantCulture), count);
                }
            }

            json.WriteEndObject();
            if (counters.LatencyHistogram.Count > 0)
            {
                WriteLatency(json, "latency_p50_ms", counters.LatencyHistogram.Percentile(50));
                WriteLatency(json, "latency_p99_ms", counters.LatencyHistogram.Percentile(99));
            }
            json.WriteBoolean("isolated", bus.IsIsolated(device.UnitId));
            if (runtime.LastFailures.TryGetValue(device.Name, out string? failure))
            {
                json.WriteString("last_failure", failure);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// A percentile past the histogram's last bucket (over 1000 ms) is +infinity, which JSON cannot carry: writing it
    /// threw and stopped the service on a loaded machine. The member is left out then (the schema allows that).
    /// </summary>
    private static void WriteLatency(Utf8JsonWriter json, string name, double milliseconds)
    {
        if (double.IsFinite(milliseconds))
        {
            json.WriteNumber(name, Math.Round(milliseconds, 2));
        }
    }

    private static void WriteHost(Utf8JsonWriter json, string dataDirectory)
    {
        json.WriteStartObject("host");
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(dataDirectory));
            json.WriteNumber("free_disk_bytes", drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            json.WriteNull("free_disk_bytes");
        }

        double? celsius = ReadCpuTemperatureCelsius();
        if (celsius is double c)
        {
            json.WriteNumber("cpu_temperature_c", Math.Round(c, 1));
        }
        else
        {
            json.WriteNull("cpu_temperature_c");
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The SoC temperature through Iot.Device.Bindings (on a Pi it reads the kernel's thermal zone 0); null where the
    /// host has no such sensor (most VMs and containers) or it cannot be read.
    /// </summary>
    internal static double? ReadCpuTemperatureCelsius()
    {
        lock (CpuSensor)
        {
            try
            {
                if (!CpuSensor.IsAvailable)
                {
                    return null;
                }

                double celsius = CpuSensor.Temperature.DegreesCelsius;
                return double.IsFinite(celsius) ? celsius : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
