using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Polling;
using EdgeSensors.Portable.Tests.Node.Support;

namespace EdgeSensors.Portable.Tests.Node;

public class PollSchedulerTests
{
    private const long Start = NodeHarness.Start;
    private readonly SimulatedRtuLine _line = new SimulatedRtuLine { SentTo = [] }.AddUnit(1).AddUnit(2);
    private readonly Sink _sink = new();

    [Fact]
    public void Tags_in_one_register_range_are_read_with_one_request_and_scaled()
    {
        PollScheduler scheduler = Scheduler(
            "{\"name\":\"a\",\"register\":40001,\"scale\":0.1},{\"name\":\"b\",\"register\":40004,\"type\":\"int16\"},{\"name\":\"c\",\"register\":40002,\"type\":\"uint32\",\"order\":\"CDAB\"}");
        _line.SetHolding(1, 0, 209, 0x0001, 0x0002, 0xFFFE);

        Run(scheduler, 50);

        Assert.Equal(1, _line.Frames);
        Assert.Equal(1, scheduler.GetCounters(0).Ok);
        Assert.Equal(20.9, _sink.Value(0), 9);
        Assert.Equal(-2, _sink.Value(1));
        Assert.Equal(0x00020001, _sink.Value(2)); // CDAB: low word first
        Assert.All(_sink.Readings, r => Assert.Equal(SignalQuality.Good, r.Quality));
    }

    [Fact]
    public void A_silent_unit_is_retried_then_reported_stale_then_comm_failure_and_isolated()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", retries: 1, timeoutMs: 100);
        _line.SetHolding(1, 0, 42);
        Run(scheduler, 50);
        _line.SetSilent(1, true);

        Run(scheduler, 1400); // second poll at 1 s: the frame times out (100 ms), the retry 100 ms later times out too
        Assert.Equal(3, _line.Frames);
        Assert.Equal(2, scheduler.GetCounters(0).Timeouts);
        (int _, double value, SignalQuality quality, long time) = _sink.Readings[^1];
        Assert.Equal(SignalQuality.Stale, quality);
        Assert.Equal(42, value);
        Assert.Equal(_sink.Readings[0].Time, time); // a stale value keeps the time it was read

        Run(scheduler, 1000); // third poll: the third timeout isolates the unit
        Assert.True(scheduler.IsIsolated(0));
        Assert.Equal(SignalQuality.Stale, _sink.Readings[^1].Quality);

        int framesWhenIsolated = _line.Frames;
        Run(scheduler, 3000); // isolated: no bus time, tags fail fast
        Assert.Equal(framesWhenIsolated, _line.Frames);
        Assert.Equal(SignalQuality.CommFailure, _sink.Readings[^1].Quality);
        Assert.True(double.IsNaN(_sink.Readings[^1].Value));

        _line.SetSilent(1, false);
        Run(scheduler, 3000); // the probe 5 s after isolation answers
        Assert.False(scheduler.IsIsolated(0));
        Assert.Equal(SignalQuality.Good, _sink.Readings[^1].Quality);
        Assert.Equal(framesWhenIsolated + 1, _line.Frames);
    }

    [Fact]
    public void A_failed_request_is_retried_after_a_wait_that_doubles_up_to_the_cap()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", retries: 5);
        _line.SetCorruptCrc(1, true); // answers at once, always damaged: retried, never isolated

        List<long> sent = RunRecording(scheduler, 3000, unit: 1);

        // The request and 5 retries (the poll after them is overdue by then and follows at once).
        Assert.True(sent.Count >= 6);
        long[] waits = sent.Take(6).Zip(sent.Skip(1).Take(5), (a, b) => b - a).ToArray();
        long[] backoff = [100, 200, 400, 800, 1000]; // 1600 capped at MaxRetryDelayMs
        Assert.Equal(DevicePoller.MaxRetryDelayMs, backoff[^1]);
        for (int i = 0; i < backoff.Length; i++)
        {
            // The wait, plus the exchange (8 + 5 bytes at 9600 baud) and the inter-frame silence.
            Assert.InRange(waits[i], backoff[i], backoff[i] + 30);
        }

        Assert.Equal(sent.Count, scheduler.GetCounters(0).CrcErrors);
        Assert.False(scheduler.IsIsolated(0));
    }

    [Fact]
    public void A_silent_unit_waits_growing_times_between_attempts_and_is_isolated_after_three()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", retries: 5, timeoutMs: 100);
        _line.SetSilent(1, true);

        List<long> sent = RunRecording(scheduler, 900, unit: 1);

        // 0; timeout at 100 + 100 wait; timeout at 300 + 200 wait; the third timeout isolates: no more retries.
        Assert.Equal(3, sent.Count);
        Assert.InRange(sent[1] - sent[0], 200, 230);
        Assert.InRange(sent[2] - sent[1], 300, 330);
        Assert.True(scheduler.IsIsolated(0));
    }

    [Fact]
    public void A_unit_waiting_to_retry_leaves_the_line_to_healthy_units()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", retries: 2, second: true, secondPollMs: 100);
        _line.SetCorruptCrc(1, true);

        Run(scheduler, 400);

        int first = _line.SentTo!.IndexOf(1);
        int retry = _line.SentTo!.IndexOf(1, first + 1);
        Assert.True(retry > first + 1, "the healthy unit 2 must be polled while unit 1 waits to retry: " + string.Join(",", _line.SentTo!));
        Assert.Contains((byte)2, _line.SentTo!.Skip(first + 1).Take(retry - first - 1));
        Assert.True(scheduler.GetCounters(1).Ok >= 3, "unit 2 kept its 100 ms polls: " + scheduler.GetCounters(1).Ok);
    }

    [Fact]
    public void Fault_bits_of_the_status_word_make_the_value_sensor_fault_like_the_gateway_profile()
    {
        // The PT495: concentration x10 at 40001, status at 40002 (bit 1 calibration, bit 2 sensor fault; bit 0 is an alarm).
        PollScheduler scheduler = Scheduler(
            "{\"name\":\"concentration\",\"register\":40001,\"scale\":0.1,\"min\":0,\"max\":100,\"fault_when\":{\"tag\":\"status\",\"bits\":[1,2]}},{\"name\":\"status\",\"register\":40002}");
        _line.SetHolding(1, 0, 500, 0x0202); // calibration in progress
        Run(scheduler, 50);
        Assert.Equal(1, _line.Frames); // value and status in one request
        Assert.Equal(SignalQuality.SensorFault, _sink.Readings.Last(r => r.Tag == 0).Quality);
        Assert.Equal(50, _sink.Value(0), 9);
        Assert.Equal(SignalQuality.Good, _sink.Readings.Last(r => r.Tag == 1).Quality);

        _line.SetHolding(1, 0, 250, 0x0201); // only the alarm bit: a measurement
        Run(scheduler, 1000);
        Assert.Equal(SignalQuality.Good, _sink.Readings.Last(r => r.Tag == 0).Quality);

        _line.SetHolding(1, 0, 0, 0x0204); // sensor fault
        Run(scheduler, 1000);
        Assert.Equal(SignalQuality.SensorFault, _sink.Readings.Last(r => r.Tag == 0).Quality);
    }

    [Fact]
    public void A_status_word_read_in_a_later_request_judges_with_its_previous_value_and_unknown_is_out_of_range()
    {
        PollScheduler scheduler = Scheduler(
            "{\"name\":\"value\",\"register\":40001,\"fault_when\":{\"tag\":\"status\",\"bits\":[2]}},{\"name\":\"status\",\"register\":40050}");
        _line.SetHolding(1, 0, 42);
        _line.SetHolding(1, 49, 0x0004);

        Run(scheduler, 50);
        Assert.Equal(2, _line.Frames); // 49 registers apart: two requests, the value first
        Assert.Equal(SignalQuality.OutOfRange, _sink.Readings.First(r => r.Tag == 0).Quality); // status not known yet

        Run(scheduler, 1000);
        Assert.Equal(SignalQuality.SensorFault, _sink.Readings.Last(r => r.Tag == 0).Quality); // the status of the first poll
    }

    [Fact]
    public void Crc_errors_are_retried_and_exceptions_are_not()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", retries: 2, second: true);
        _line.SetCorruptCrc(1, true);
        _line.SetException(2, ExceptionCode.IllegalDataAddress);

        Run(scheduler, 400); // retries after 100 and 200 ms

        Assert.Equal(3, scheduler.GetCounters(0).Requests);
        Assert.Equal(3, scheduler.GetCounters(0).CrcErrors);
        Assert.Equal(1, scheduler.GetCounters(1).Requests);
        Assert.Equal(1, scheduler.GetCounters(1).Exceptions);
        Assert.Equal(ExceptionCode.IllegalDataAddress, scheduler.GetCounters(1).LastException);
        Assert.All(_sink.Readings, r => Assert.Equal(SignalQuality.CommFailure, r.Quality));
        Assert.Equal(2, _sink.Readings.Count);
    }

    [Fact]
    public void A_slow_answer_within_the_timeout_is_collected_across_steps()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", timeoutMs: 100);
        _line.SetHolding(1, 0, 7);
        _line.DelayReads = 10; // ten empty reads (10 ms of steps) before the answer arrives

        Run(scheduler, 50);

        Assert.Equal(1, scheduler.GetCounters(0).Ok);
        Assert.Equal(7, _sink.Value(0));
    }

    [Fact]
    public void Each_device_is_polled_at_its_own_interval()
    {
        PollScheduler scheduler = Scheduler("{\"name\":\"a\",\"register\":40001}", second: true, secondPollMs: 500);

        Run(scheduler, 2990);

        Assert.Equal(3, scheduler.GetCounters(0).Requests); // 1000 ms: at 0, 1000, 2000
        Assert.Equal(6, scheduler.GetCounters(1).Requests); // 500 ms
    }

    private PollScheduler Scheduler(string tags, int retries = 2, int timeoutMs = 200, bool second = false, int secondPollMs = 1000)
    {
        string devices = "{\"name\":\"d1\",\"unit\":1,\"poll_ms\":1000,\"timeout_ms\":" + timeoutMs + ",\"retries\":" + retries + ",\"tags\":[" + tags + "]}";
        if (second)
        {
            devices += ",{\"name\":\"d2\",\"unit\":2,\"poll_ms\":" + secondPollMs + ",\"retries\":" + retries + ",\"tags\":[{\"name\":\"x\",\"register\":40001}]}";
        }

        byte[] document = Encoding.UTF8.GetBytes("{\"node\":\"n1\",\"devices\":[" + devices + "]}");
        var parser = new NodeConfigParser();
        NodeConfig config = parser.Parse(document, 0, document.Length) ?? throw new InvalidOperationException(parser.Error);
        _now = Start;
        return new PollScheduler(config, 9600, Start);
    }

    private long _now;

    private void Run(PollScheduler scheduler, long ms)
    {
        long end = _now + ms;
        for (; _now < end; _now++)
        {
            scheduler.Step(_line, _now, _sink);
        }
    }

    /// <summary>Runs like <see cref="Run"/> and returns the times at which frames to <paramref name="unit"/> went out.</summary>
    private List<long> RunRecording(PollScheduler scheduler, long ms, byte unit)
    {
        var sent = new List<long>();
        long end = _now + ms;
        for (; _now < end; _now++)
        {
            int before = _line.Frames;
            scheduler.Step(_line, _now, _sink);
            if (_line.Frames > before && _line.SentTo![^1] == unit)
            {
                sent.Add(_now);
            }
        }

        return sent;
    }

    private sealed class Sink : IReadingSink
    {
        public List<(int Tag, double Value, SignalQuality Quality, long Time)> Readings { get; } = [];

        public double Value(int tag) => Readings.Last(r => r.Tag == tag).Value;

        public void OnReading(int tagIndex, double value, SignalQuality quality, long timeMs) => Readings.Add((tagIndex, value, quality, timeMs));
    }
}
