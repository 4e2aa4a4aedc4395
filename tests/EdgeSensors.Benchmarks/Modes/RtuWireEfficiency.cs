using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Benchmarks.Link;
using EdgeSensors.Modbus.Framing;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// rtu-wire: polls one device over a <see cref="PacedSerialLine"/> and compares polls/s with the wire limit.
/// --master reference uses <see cref="ReferenceRtuPoller"/> (the simulator's ceiling); --master gateway the real RTU master
/// through a loopback TCP bridge (RtuOverTcpTransport); --master gateway-direct the real RTU master on the line itself.
/// </summary>
internal static class RtuWireEfficiency
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        int baud = args.Int("baud", 9600);
        var registers = (ushort)args.Int("registers", 125);
        double seconds = args.Double("seconds", 10);
        string master = args.Text("master", "gateway");
        double target = args.Double("target", 0.95);

        using var line = new PacedSerialLine(baud, RtuFraming.InterFrameDelayMicros(baud));
        using var stop = new CancellationTokenSource();
        var device = Task.Run(() => ReferenceRtuDevice.RunAsync(line.Device, baud, stop.Token));
        var poller = CreatePoller(master, line, baud, registers);
        long polls = 0;
        long failures = 0;
        long framesAtStart;
        long violationsAtStart;
        long masterViolationsAtStart;
        long masterTurnaroundAtStart;
        long masterFramesAtStart;
        long deviceTurnaroundAtStart;
        long deviceFramesAtStart;
        double elapsed;
        await using (poller)
        {
            // Warm up (JIT, first frames) for a few polls, then time whole polls only.
            var warmupUntil = Stopwatch.StartNew();
            while (warmupUntil.Elapsed.TotalSeconds < Math.Min(1, seconds / 4))
            {
                await poller.PollAsync(stop.Token);
            }

            framesAtStart = line.FramesCarried;
            violationsAtStart = line.GapViolations;
            masterViolationsAtStart = line.MasterGapViolations;
            masterTurnaroundAtStart = line.MasterTurnaroundTicks;
            masterFramesAtStart = line.MasterFrames;
            deviceTurnaroundAtStart = line.DeviceTurnaroundTicks;
            deviceFramesAtStart = line.DeviceFrames;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                if (await poller.PollAsync(stop.Token))
                {
                    polls++;
                }
                else
                {
                    failures++;
                }
            }

            elapsed = clock.Elapsed.TotalSeconds;
        }

        double rate = polls / elapsed;
        double limit = RtuWireLimit.PollsPerSecond(baud, registers);
        var inv = CultureInfo.InvariantCulture;
        double masterTurnaround = MeanMicros(line.MasterTurnaroundTicks - masterTurnaroundAtStart, line.MasterFrames - masterFramesAtStart);
        double deviceTurnaround = MeanMicros(line.DeviceTurnaroundTicks - deviceTurnaroundAtStart, line.DeviceFrames - deviceFramesAtStart);
        System.Console.WriteLine(string.Format(inv, "polls/s: {0:F2}", rate));
        System.Console.WriteLine(string.Format(
            inv,
            "master: {0}, baud: {1}, registers: {2}, polls: {3}, failures: {4}, seconds: {5:F2}, wire limit: {6:F2} polls/s ({7:F0} us/poll), efficiency: {8:P1} (target {9:P0}), frames: {10}, gap violations: {11} (master {14}, worst {13:F0} us short), collisions: {12}, mean silence before master frames: {15:F0} us, before device frames: {16:F0} us (t3.5 {17} us)",
            poller.Name, baud, registers, polls, failures, elapsed, limit, RtuWireLimit.MicrosPerPoll(baud, registers),
            rate / limit, target, line.FramesCarried - framesAtStart, line.GapViolations - violationsAtStart, line.Collisions,
            line.WorstGapShortfallMicros, line.MasterGapViolations - masterViolationsAtStart, masterTurnaround, deviceTurnaround,
            RtuFraming.InterFrameDelayMicros(baud)));
        await stop.CancelAsync();
        line.Device.Dispose();
        await device.ContinueWith(_ => { }, TaskScheduler.Default);
        return failures == 0 && polls > 0 ? 0 : 1;
    }

    private static double MeanMicros(long ticks, long frames) => frames > 0 ? ticks * 1_000_000.0 / Stopwatch.Frequency / frames : 0;

    private static IRtuPoller CreatePoller(string master, PacedSerialLine line, int baud, ushort registers)
    {
        return master switch
        {
            "reference" => new ReferenceRtuPoller(line.Master, baud, registers),
            "gateway" => new GatewayRtuPoller(line.Master, baud, registers),
            "gateway-direct" => new DirectRtuPoller(line.Master, baud, registers),
            _ => throw new ArgumentException("unknown --master '" + master + "' (reference|gateway|gateway-direct)"),
        };
    }
}
