using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Portable.Tests.Node.Support;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Node;

public class NodeRuntimeTests
{
    private const string Telemetry = "edgesensors/node-esp32-07/telemetry";
    private const string Status = "edgesensors/node-esp32-07/status";
    private const string Reported = "edgesensors/node-esp32-07/config/reported";

    [Fact]
    public void Readings_are_published_on_the_contract_with_values_units_and_one_seq()
    {
        var node = new NodeHarness();

        node.Run(3000);

        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(node.Link);
        Assert.All(readings, r => Assert.False(r.Backfill));
        Assert.Equal(0.5, Last(readings, "t101-lel/concentration").Value, 9);
        Assert.Equal("%LEL", Last(readings, "t101-lel/concentration").Unit);
        Assert.Equal(6.0, Last(readings, "p201/p1").Value, 6);
        Assert.Equal("bar", Last(readings, "p201/p1").Unit);
        Assert.Equal(18.0, Last(readings, "p201/temperature").Value, 6);
        Assert.Equal("°C", Last(readings, "p201/temperature").Unit);
        Assert.Equal(7.25, Last(readings, "vega/pv").Value, 6);
        Assert.Equal(3 + 6 + 2, readings.Count); // polls at 0, 1 and 2 s; the VEGA every 2 s
        ulong first = readings[0].Reading.Seq;
        Assert.Equal((ulong)NodeHarness.Start * 1000, first); // no flash: seq restarts above time_ms x 1000 (producer rule 5)
        Assert.Equal(Enumerable.Range(0, readings.Count).Select(i => first + (ulong)i), readings.Select(r => r.Reading.Seq));
        Assert.Equal(0, node.Node.Readings.Count);
    }

    [Fact]
    public void A_broker_outage_is_buffered_and_replayed_as_backfill_with_no_seq_gap()
    {
        var node = new NodeHarness();
        node.Run(2000);
        node.Link.IsConnected = false;
        node.Run(5000);
        Assert.Equal(5 + 10 + 3, node.Node.Readings.Count);
        node.Link.IsConnected = true;
        node.Run(3000);

        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(node.Link);
        ulong[] seqs = readings.Select(r => r.Reading.Seq).ToArray();
        Assert.Equal(Enumerable.Range(0, seqs.Length).Select(i => seqs[0] + (ulong)i), seqs);
        Assert.Equal(18, readings.Count(r => r.Backfill));
        Assert.True(readings.Last().Backfill == false, "readings taken after the outage go out live");
        Assert.Equal(0, node.Node.Readings.Dropped);
        Assert.Equal(0, node.Node.FailedPublishes); // nothing is sent while the link is down, so nothing failed
    }

    [Fact]
    public void Overflow_drops_only_readings_and_counts_exactly_the_ones_dropped()
    {
        var node = new NodeHarness();
        node.Run(1500);
        node.Link.IsConnected = false;
        node.Run(10_000);
        node.SetGas(30); // H raised while the broker is away
        node.Run(30_000);
        node.SetGas(0.5); // and cleared
        node.Run(20_000);
        ulong used = node.Node.NextSeq;
        node.Link.IsConnected = true;
        node.Run(5_000);

        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(node.Link);
        List<AlarmMessage> alarms = Published.Alarms(node.Link);
        ulong firstSeq = (ulong)NodeHarness.Start * 1000;
        long numbersUsedBeforeReconnect = (long)(used - firstSeq);
        long delivered = readings.Count(r => r.Reading.Seq < used) + alarms.Count(a => a.Seq < used);
        Assert.True(node.Node.Readings.Dropped > 0, "the 64-reading buffer must have overflowed in 60 s");
        Assert.Equal(numbersUsedBeforeReconnect - delivered, node.Node.Readings.Dropped);
        Assert.Equal(0, node.Node.Alarms.Dropped);
        Assert.Contains(alarms, a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Raised && a.Backfill);
        Assert.Contains(alarms, a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Cleared && a.Backfill);
        using JsonDocument status = JsonDocument.Parse(node.Link.On(Status).Last());
        Assert.Equal(node.Node.Readings.Dropped, status.RootElement.GetProperty("buffer").GetProperty("dropped_readings").GetInt64());
    }

    [Fact]
    public void A_reading_overwritten_while_its_message_is_on_the_way_and_then_delivered_is_not_counted_lost()
    {
        // Two slots and a slow broker: new readings overwrite ones whose message is already on its way.
        var node = new NodeHarness(NodeHarness.ExampleConfig.Replace("\"buffer\": 64", "\"buffer\": 2", StringComparison.Ordinal));
        node.Link.PendingChecks = 40; // 200 ms per broker round trip: polls land while a message is on its way
        node.Run(5_000);
        node.Link.PendingChecks = 0;
        node.Run(50); // the last message is acknowledged

        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(node.Link);
        ulong first = (ulong)NodeHarness.Start * 1000;
        long used = (long)(node.Node.NextSeq - first) - node.Node.Readings.Count;
        Assert.True(node.Node.Readings.Dropped > 0);
        Assert.Equal(used - readings.Count, node.Node.Readings.Dropped);
        Assert.Equal(readings.Count, node.Node.PublishedReadings);
    }

    [Fact]
    public void A_gas_leak_switches_the_beacon_with_the_broker_down()
    {
        var node = new NodeHarness();
        node.Link.IsConnected = false;
        node.Run(1500);
        Assert.False(node.Pins.Pins[12].High);

        node.SetGas(55);
        node.Run(1000); // within one poll period

        Assert.True(node.Pins.Pins[12].High);
        Assert.Equal(2, node.Node.Alarms.Count); // H and HH raised, waiting for the broker
        Assert.Empty(node.Link.Delivered);
        node.Link.IsConnected = true;
        node.Run(500);
        List<AlarmMessage> alarms = Published.Alarms(node.Link);
        AlarmMessage hh = Assert.Single(alarms, a => a.Kind == AlarmKind.HighHigh);
        Assert.Equal(AlarmEventType.Raised, hh.State);
        Assert.True(hh.Latched);
        Assert.Equal(55, hh.Value, 9);
        Assert.Equal(50, hh.Limit);
        Assert.Equal("%LEL", hh.Unit);
    }

    [Fact]
    public void Alarms_switch_the_output_before_the_clock_is_set_and_what_was_buffered_is_stamped_when_it_is()
    {
        // Booted without SNTP (no flash): the broker is reachable but the wall clock is not known.
        var node = new NodeHarness { WallOffsetMs = null };
        node.Run(1500);
        Assert.False(node.Pins.Pins[12].High);

        node.SetGas(55);
        node.Run(1000); // within one poll period, with no clock at all

        Assert.True(node.Pins.Pins[12].High, "the beacon must not wait for the clock");
        Assert.False(node.Node.ClockSet);
        Assert.Equal(2, node.Node.Alarms.Count); // H and HH raised and buffered
        Assert.True(node.Node.Readings.Count > 0);
        Assert.Empty(node.Link.Delivered); // nothing goes out with a time the node does not know
        long raisedMono = node.Node.Panel.GetTag(node.Node.Panel.IndexOf("t101-lel/concentration")).GetRaisedAtMs(AlarmKind.HighHigh);
        int buffered = node.Node.Readings.Count;

        // SNTP answers: the wall clock is one hour ahead of the monotonic clock.
        const long Offset = 3_600_000;
        long wallAtSet = node.Now + Offset;
        node.WallOffsetMs = Offset;
        node.Run(1000);

        List<AlarmMessage> alarms = Published.Alarms(node.Link);
        AlarmMessage hh = Assert.Single(alarms, a => a.Kind == AlarmKind.HighHigh);
        Assert.Equal(raisedMono + Offset, hh.TimeMs);
        Assert.True(hh.Backfill);
        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(node.Link);
        Assert.True(readings.Count > buffered);
        ulong first = (ulong)wallAtSet * 1000; // seq base taken when the clock was set (producer rule 5)
        Assert.Equal(first, Math.Min(readings.Min(r => r.Reading.Seq), alarms.Min(a => a.Seq)));
        ulong[] seqs = readings.Select(r => r.Reading.Seq).Concat(alarms.Select(a => a.Seq)).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, seqs.Length).Select(i => first + (ulong)i), seqs);
        Assert.All(readings.Take(buffered), r => Assert.True(r.Backfill));
        Assert.All(readings.Take(buffered), r => Assert.InRange(r.Reading.TimeMs, NodeHarness.Start + Offset, wallAtSet));
        Assert.False(readings.Last().Backfill);
        Assert.True(readings.Last().Reading.TimeMs > wallAtSet);
    }

    [Fact]
    public void A_status_fault_bit_publishes_sensor_fault_and_raises_the_sensor_fault_alarm()
    {
        string config = NodeHarness.ExampleConfig.Replace(
            "\"tags\": [ { \"name\": \"concentration\", \"register\": 40001, \"scale\": 0.1, \"unit\": \"%LEL\", \"min\": 0, \"max\": 100,",
            "\"tags\": [ { \"name\": \"status\", \"register\": 40002 }, { \"name\": \"concentration\", \"register\": 40001, \"scale\": 0.1, \"unit\": \"%LEL\", \"min\": 0, \"max\": 100, \"fault_when\": { \"tag\": \"status\", \"bits\": [1, 2] },",
            StringComparison.Ordinal).Replace("\"latch\": [\"hh\"] }", "\"latch\": [\"hh\"], \"fault_delay_s\": 2 }", StringComparison.Ordinal);
        var node = new NodeHarness(config);
        node.Line.SetHolding(1, 1, 0x0204); // PT495 status: LEL head (0x02), sensor fault (bit 2)

        node.Run(3500);

        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(node.Link);
        Assert.Equal(SignalQuality.SensorFault, readings.Last(r => r.Reading.Tag == "t101-lel/concentration").Reading.Quality);
        AlarmMessage fault = Assert.Single(Published.Alarms(node.Link));
        Assert.Equal(AlarmKind.SensorFault, fault.Kind);
        Assert.Equal(AlarmEventType.Raised, fault.State);

        node.Line.SetHolding(1, 1, 0x0200); // fault gone
        node.Run(2000);
        Assert.Equal(SignalQuality.Good, Published.Readings(node.Link).Last(r => r.Reading.Tag == "t101-lel/concentration").Reading.Quality);
    }

    [Fact]
    public void A_signed_config_is_applied_whole_and_reported()
    {
        var node = new NodeHarness();
        node.SetGas(55);
        node.Run(1500);
        string updated = NodeHarness.ExampleConfig.Replace("\"poll_ms\": 2000", "\"poll_ms\": 500", StringComparison.Ordinal);

        Assert.True(node.Node.OfferConfig(TestEnvelope.Seal(2, updated), TestEnvelope.Seal(2, updated).Length, node.Now));
        node.Run(2000);

        Assert.Equal(2, node.Node.ConfigRevision);
        Assert.Equal(500, node.Node.Config.Devices[2].PollIntervalMs);
        using JsonDocument report = JsonDocument.Parse(node.Link.On(Reported).Last());
        Assert.Equal(2, report.RootElement.GetProperty("revision").GetInt32());
        Assert.Equal("applied", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(64, report.RootElement.GetProperty("sha256").GetString()!.Length);
        Assert.True(node.Link.Delivered.Single(m => m.Topic == Reported).Retain);

        // The latched HH from before the swap is still active, and so is the beacon.
        int tag = node.Node.Panel.IndexOf("t101-lel/concentration");
        Assert.Equal(AlarmState.ActiveUnacknowledged, node.Node.Panel.GetTag(tag).GetState(AlarmKind.HighHigh));
        Assert.True(node.Pins.Pins[12].High);
    }

    [Fact]
    public void A_config_that_resizes_memory_allocated_at_start_is_applied_and_reports_restart_required()
    {
        var node = new NodeHarness();
        node.Run(500);
        string resized = NodeHarness.ExampleConfig.Replace("\"buffer\": 64", "\"buffer\": 128", StringComparison.Ordinal)
            .Replace("\"status_s\": 10,", "\"status_s\": 10, \"flash\": true,", StringComparison.Ordinal)
            .Replace("\"poll_ms\": 2000", "\"poll_ms\": 500", StringComparison.Ordinal);

        Assert.True(node.Node.OfferConfig(TestEnvelope.Seal(2, resized), TestEnvelope.Seal(2, resized).Length, node.Now));
        node.Run(10_500);

        Assert.Equal(500, node.Node.Config.Devices[2].PollIntervalMs); // the rest is applied
        Assert.Equal(64, node.Node.Readings.Capacity); // the buffer keeps its start size
        Assert.Equal("buffer 64 -> 128, flash false -> true", node.Node.RestartRequiredFor);
        using JsonDocument report = JsonDocument.Parse(node.Link.On(Reported).Last());
        Assert.Equal("applied", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("restart required: buffer 64 -> 128, flash false -> true take effect at the next start; the rest is applied", report.RootElement.GetProperty("reason").GetString());
        using JsonDocument status = JsonDocument.Parse(node.Link.On(Status).Last());
        Assert.True(status.RootElement.GetProperty("restart_required").GetBoolean());

        // A later config back at the start sizes needs no restart.
        string back = NodeHarness.ExampleConfig.Replace("\"poll_ms\": 2000", "\"poll_ms\": 1000", StringComparison.Ordinal);
        Assert.True(node.Node.OfferConfig(TestEnvelope.Seal(3, back), TestEnvelope.Seal(3, back).Length, node.Now));
        node.Run(10_500);
        Assert.Equal("", node.Node.RestartRequiredFor);
        using JsonDocument report3 = JsonDocument.Parse(node.Link.On(Reported).Last());
        Assert.Equal(3, report3.RootElement.GetProperty("revision").GetInt32());
        Assert.Equal("", report3.RootElement.GetProperty("reason").GetString());
        using JsonDocument status3 = JsonDocument.Parse(node.Link.On(Status).Last());
        Assert.False(status3.RootElement.GetProperty("restart_required").GetBoolean());
    }

    [Theory]
    [InlineData(false, 3, "{\"node\":\"node-esp32-07\",\"devices\":[]}", "envelope: HMAC-SHA256 does not match")]
    [InlineData(true, 3, "{\"node\":\"node-esp32-07\",\"devcies\":[]}", "document: unknown key 'devcies'")]
    [InlineData(true, 0, NodeHarness.ExampleConfig, "revision 0 is not newer than the running revision 0")]
    [InlineData(true, 3, "{\"node\":\"node-esp32-99\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]}]}", "the config was meant for another node")]
    public void A_bad_or_unsigned_config_is_rejected_with_its_reason_and_the_old_one_keeps_running(bool signed, int revision, string body, string reason)
    {
        var node = new NodeHarness();
        node.Run(1000);
        long requestsBefore = node.Node.Scheduler.GetCounters(0).Requests;
        byte[] message = TestEnvelope.Seal(revision, body, signed);

        Assert.False(node.Node.OfferConfig(message, message.Length, node.Now));
        node.Run(2000);

        Assert.Equal(0, node.Node.ConfigRevision);
        Assert.Equal(3, node.Node.Config.Devices.Length);
        Assert.True(node.Node.Scheduler.GetCounters(0).Requests > requestsBefore, "the old config keeps polling");
        using JsonDocument report = JsonDocument.Parse(node.Link.On(Reported).Last());
        Assert.Equal("rejected", report.RootElement.GetProperty("status").GetString());
        Assert.Contains(reason, report.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(revision, report.RootElement.GetProperty("revision").GetInt32());
    }

    [Fact]
    public void The_status_reports_counters_buffer_and_memory()
    {
        var node = new NodeHarness();
        node.Line.SetSilent(5, true);
        node.Run(10_500);

        using JsonDocument status = JsonDocument.Parse(node.Link.On(Status).Last());
        JsonElement root = status.RootElement;
        Assert.Equal("node-esp32-07", root.GetProperty("node").GetString());
        Assert.Equal("online", root.GetProperty("state").GetString());
        Assert.Equal(0, root.GetProperty("config_revision").GetInt32());
        Assert.Equal(65, root.GetProperty("uptime_s").GetInt64());
        Assert.Equal(81_920, root.GetProperty("free_memory_bytes").GetInt64());
        Assert.Equal(64, root.GetProperty("buffer").GetProperty("capacity").GetInt32());
        JsonElement keller = root.GetProperty("devices")[1];
        Assert.Equal("p201", keller.GetProperty("name").GetString());
        Assert.Equal(5, keller.GetProperty("unit").GetInt32());
        Assert.True(keller.GetProperty("timeouts").GetInt64() >= 3);
        Assert.True(keller.GetProperty("isolated").GetBoolean());
        Assert.Equal(10, root.GetProperty("devices")[0].GetProperty("ok").GetInt64()); // polls at 0-9 s; the one at 10 s is still on the line
        Assert.Equal(2, node.Link.On(Status).Count()); // at start and 10 s later
        Assert.All(node.Link.Delivered.Where(m => m.Topic == Status), m => Assert.True(m.Retain));

        // The alarm-evaluator heartbeat grows between two status messages and carries the time of the last evaluation.
        using JsonDocument first = JsonDocument.Parse(node.Link.On(Status).First());
        long before = first.RootElement.GetProperty("alarm_evaluations").GetInt64();
        long after = root.GetProperty("alarm_evaluations").GetInt64();
        Assert.True(after > before, "alarm_evaluations " + before + " -> " + after);
        Assert.True(node.Node.AlarmEvaluations >= after);
        long evaluatedMs = root.GetProperty("alarm_evaluated_ms").GetInt64();
        Assert.InRange(evaluatedMs, 1, root.GetProperty("time_ms").GetInt64());
    }

    [Fact]
    public void Acknowledge_all_reports_every_event_and_silences_the_buzzer_but_not_the_latched_relay()
    {
        string config = NodeHarness.ExampleConfig.Replace(
            "\"outputs\": [",
            "\"outputs\": [ { \"name\": \"buzzer\", \"pin\": 13, \"mode\": \"until_acknowledged\", \"drive\": [ { \"tag\": \"*\", \"alarms\": [\"hh\", \"h\", \"l\", \"ll\", \"fault\"] } ] },",
            StringComparison.Ordinal);
        var node = new NodeHarness(config);
        node.SetGas(55);
        node.SetLevel(0.5); // L and LL on the VEGA
        node.Run(2500);
        Assert.True(node.Pins.Pins[13].High);
        long before = node.Node.PublishedAlarms;

        Assert.Equal(4, node.Node.Acknowledge("*", node.Now));
        node.Run(500);

        Assert.Equal(4, node.Node.PublishedAlarms - before);
        Assert.All(Published.Alarms(node.Link).TakeLast(4), a => Assert.Equal(AlarmEventType.Acknowledged, a.State));
        Assert.False(node.Pins.Pins[13].High);
        Assert.True(node.Pins.Pins[12].High);
        Assert.Equal(0, node.Node.Alarms.Dropped);
    }

    private static TelemetryReading Last(List<(bool Backfill, TelemetryReading Reading)> readings, string tag) =>
        readings.Last(r => r.Reading.Tag == tag).Reading;
}
