using BenchmarkDotNet.Running;
using EdgeSensors.Benchmarks.Modes;

namespace EdgeSensors.Benchmarks;

/// <summary>
/// Console modes for the cross-process and wire-timed benchmarks (run by tests/bench/*.sh); anything else goes to
/// BenchmarkDotNet (for example --filter '*ResponseDecode*').
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = args.Length > 0 ? args[1..] : [];
        switch (args.Length > 0 ? args[0] : "")
        {
            case "tcp-seq":
                return await TcpSequentialThroughput.RunAsync(BenchArguments.Parse(options));
            case "fleet-serve":
                return await FleetServer.RunAsync(BenchArguments.Parse(options));
            case "fleet-poll":
                return await FleetPoller.RunAsync(BenchArguments.Parse(options));
            case "rtu-wire":
                return await RtuWireEfficiency.RunAsync(BenchArguments.Parse(options));
            case "store-append":
                return StoreAppendThroughput.Run(BenchArguments.Parse(options));
            case "changing-serve":
                return await ChangingRegistersServer.RunAsync(BenchArguments.Parse(options));
            case "alarm-latency":
                return await AlarmLatency.RunAsync(BenchArguments.Parse(options));
            case "backlog-drain":
                return await BacklogDrain.RunAsync(BenchArguments.Parse(options));
            case "store-group-commit":
                return StoreGroupCommit.Run(BenchArguments.Parse(options));
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
