using System.Diagnostics;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>Microsecond waits by spinning on the high-resolution clock (OS timers tick in milliseconds).</summary>
internal static class SpinDelay
{
    public static void Micros(int micros)
    {
        long until = Stopwatch.GetTimestamp() + (micros * Stopwatch.Frequency / 1_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }
}
