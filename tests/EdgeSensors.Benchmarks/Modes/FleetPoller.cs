using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Benchmarks.Suites;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// fleet-poll: one ModbusBus per device port (from fleet-serve), all polling 125 registers concurrently into a
/// reused buffer per device (ModbusBus.ReadRegistersAsync, the gateway's allocation-free poll path) and decoding
/// every value with RegisterDecoder. After a warm-up it reports decoded registers/s, this process's CPU time over wall
/// time (in cores and as a share of the machine) and its peak working set.
/// --rate R paces the fleet to R decoded registers/s in total (each device polls on its own staggered period), which
/// is how a gateway runs and what the CPU target is about; --rate 0 polls flat out to find the ceiling.
/// </summary>
internal static class FleetPoller
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        string portsFile = args.Text("ports-file", Path.Combine(Path.GetTempPath(), "edgesensors-fleet-ports.txt"));
        string host = args.Text("host", "127.0.0.1");
        var registers = (ushort)args.Int("registers", 125);
        double seconds = args.Double("seconds", 20);
        double warmupSeconds = args.Double("warmup", Math.Min(3, seconds / 4));
        double rate = args.Double("rate", 0);

        int[] ports = [.. (await File.ReadAllLinesAsync(portsFile)).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        var fields = MixedRegisterMap.Build(registers);
        var counters = new PollCounters();
        using var stop = new CancellationTokenSource();
        var buses = ports.Select(p => new ModbusBus(new TcpTransport(host, p))).ToArray();
        // Each device's period so that all of them together decode `rate` registers per second.
        TimeSpan? period = rate > 0 ? TimeSpan.FromSeconds(ports.Length * registers / rate) : null;
        var pollers = buses.Select((bus, i) => Task.Run(() => PollAsync(bus, registers, fields, counters, Stagger(period, i, ports.Length), period, stop.Token))).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds));
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        long decodedBefore = counters.Decoded;
        long failedBefore = counters.Failed;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        self.Refresh();
        double wall = clock.Elapsed.TotalSeconds;
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        long decoded = counters.Decoded - decodedBefore;
        long failed = counters.Failed - failedBefore;
        long peakWorkingSet = self.PeakWorkingSet64;

        await stop.CancelAsync();
        await Task.WhenAll(pollers).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var bus in buses)
        {
            await bus.DisposeAsync();
        }

        var inv = CultureInfo.InvariantCulture;
        double cores = cpu / wall;
        System.Console.WriteLine(string.Format(inv, "decoded registers/s: {0:F0}", decoded / wall));
        System.Console.WriteLine(string.Format(
            inv,
            "mode: {11}, devices: {0}, registers/poll: {1}, polls/s: {2:F0}, failed polls: {3}, wall: {4:F1} s, cpu: {5:F1} s = {6:F2} cores = {7:P0} of {8} cores, peak working set: {9:F1} MB, checksum: {10:E3}",
            ports.Length, registers, decoded / (double)registers / wall, failed, wall, cpu, cores, cores / Environment.ProcessorCount,
            Environment.ProcessorCount, peakWorkingSet / (1024.0 * 1024.0), counters.Checksum,
            period is null ? "flat out" : string.Format(inv, "paced to {0:F0} registers/s (each device every {1:F0} ms)", rate, period.Value.TotalMilliseconds)));
        return failed == 0 && decoded > 0 ? 0 : 1;
    }

    private static TimeSpan Stagger(TimeSpan? period, int index, int devices)
    {
        return period is null ? TimeSpan.Zero : period.Value * index / devices;
    }

    private static async Task PollAsync(ModbusBus bus, ushort registers, ResponseField[] fields, PollCounters counters, TimeSpan stagger, TimeSpan? period, CancellationToken ct)
    {
        double sum = 0;
        var values = new ushort[registers];
        try
        {
            await Task.Delay(stagger, ct);
            using PeriodicTimer? timer = period is null ? null : new PeriodicTimer(period.Value);
            while (!ct.IsCancellationRequested)
            {
                if (timer is not null)
                {
                    await timer.WaitForNextTickAsync(ct);
                }

                var outcome = await bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, values, ct);
                if (!outcome.IsOk)
                {
                    counters.AddFailure();
                    continue;
                }

                foreach (var field in fields)
                {
                    sum += RegisterDecoder.Decode(values, field.Index, field.Type, field.Order);
                }

                counters.AddDecoded(registers);
            }
        }
        catch (OperationCanceledException)
        {
            // The measurement is over.
        }

        counters.AddChecksum(sum);
    }
}
