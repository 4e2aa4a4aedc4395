using BenchmarkDotNet.Running;

namespace EdgeSensors.Benchmarks;

/// <summary>
/// Console modes for the cross-process benchmarks (run by tests/bench/*.sh); anything else goes to BenchmarkDotNet.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await Task.CompletedTask;
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
