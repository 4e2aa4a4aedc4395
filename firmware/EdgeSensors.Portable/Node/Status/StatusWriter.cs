using EdgeSensors.Node.Buffering;
using EdgeSensors.Node.Persistence;
using EdgeSensors.Node.Polling;
using EdgeSensors.Telemetry.Json;

namespace EdgeSensors.Node.Status;

/// <summary>
/// Writes the node's retained status message (topic {prefix}/{id}/status) with the portable JSON writer, into the
/// caller's buffer, allocating nothing. Members and units are listed in docs/firmware.md.
/// </summary>
internal sealed class StatusWriter
{
    /// <summary>Upper bound of the message without devices, in bytes: a 64-character id and every counter at 20 characters come to about 1,050.</summary>
    public const int MaxBaseBytes = 1070;

    /// <summary>
    /// Upper bound per device, in bytes: member names 180, a 64-character name, a 3-digit unit, seven 19-digit
    /// counters (long.MaxValue), "false", a comma.
    /// </summary>
    public const int MaxDeviceBytes = 330;

    private readonly JsonBufferWriter _json = new JsonBufferWriter();

    /// <summary>Writes the message; returns its length, or -1 when it did not fit.</summary>
    public int Write(byte[] buffer, NodeRuntime node, long nowMs)
    {
        _json.Reset(buffer, 0);
        _json.BeginObject();
        Text("node", node.NodeId);
        Text("state", "online");
        Integer("config_revision", node.ConfigRevision);
        Integer("time_ms", nowMs);
        Integer("uptime_s", node.System.UptimeMs / 1000);
        Integer("free_memory_bytes", node.System.FreeMemoryBytes);
        Integer("alarm_evaluations", node.AlarmEvaluations);
        Integer("alarm_evaluated_ms", node.LastAlarmEvaluationMs);
        _json.WriteName("restart_required");
        _json.WriteBoolean(node.RestartRequiredFor.Length > 0);

        ReadingRing readings = node.Readings;
        AlarmRing alarms = node.Alarms;
        _json.WriteName("buffer");
        _json.BeginObject();
        Integer("capacity", readings.Capacity);
        Integer("depth", readings.Count);
        Integer("dropped_readings", readings.Dropped);
        Integer("alarm_capacity", alarms.Capacity);
        Integer("alarm_depth", alarms.Count);
        Integer("dropped_alarms", alarms.Dropped);
        _json.WriteName("next_seq");
        _json.WriteUnsignedAsString(node.NextSeq);
        _json.EndObject();

        FlashStore? store = node.Store;
        _json.WriteName("flash");
        _json.BeginObject();
        _json.WriteName("enabled");
        _json.WriteBoolean(store != null);
        if (store != null)
        {
            Integer("restored_readings", store.RestoredReadings);
            Integer("corrupt_records", store.CorruptRecords);
            Integer("unknown_tag_records", store.UnknownTagRecords);
            Integer("write_failures", store.WriteFailures);
        }

        AlarmStateStore? alarmStates = node.AlarmStates;
        if (alarmStates != null)
        {
            Integer("restored_alarm_tags", alarmStates.RestoredTags);
            Integer("corrupt_alarm_records", alarmStates.CorruptRecords);
            Integer("unknown_alarm_tag_records", alarmStates.UnknownTagRecords);
            Integer("alarm_write_failures", alarmStates.WriteFailures);
        }

        _json.EndObject();

        _json.WriteName("published");
        _json.BeginObject();
        Integer("readings", node.PublishedReadings);
        Integer("alarms", node.PublishedAlarms);
        Integer("failed", node.FailedPublishes);
        _json.EndObject();

        PollScheduler scheduler = node.Scheduler;
        _json.WriteName("devices");
        _json.BeginArray();
        for (int d = 0; d < scheduler.DeviceCount; d++)
        {
            DeviceCounters counters = scheduler.GetCounters(d);
            _json.BeginObject();
            Text("name", node.DeviceName(d));
            Integer("unit", node.DeviceUnit(d));
            Integer("requests", counters.Requests);
            Integer("ok", counters.Ok);
            Integer("timeouts", counters.Timeouts);
            Integer("crc_errors", counters.CrcErrors);
            Integer("exceptions", counters.Exceptions);
            Integer("frame_errors", counters.FrameErrors);
            Integer("line_errors", counters.LineErrors);
            _json.WriteName("isolated");
            _json.WriteBoolean(scheduler.IsIsolated(d));
            _json.EndObject();
        }

        _json.EndArray();
        _json.EndObject();
        return _json.Overflowed || _json.InvalidText ? -1 : _json.Position;
    }

    private void Text(string name, string value)
    {
        _json.WriteName(name);
        _json.WriteString(value);
    }

    private void Integer(string name, long value)
    {
        _json.WriteName(name);
        _json.WriteInteger(value);
    }
}
