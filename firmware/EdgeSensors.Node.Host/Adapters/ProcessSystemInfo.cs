using System.Diagnostics;
using EdgeSensors.Node.Status;

namespace EdgeSensors.Node.Host.Adapters;

/// <summary>Uptime from a monotonic stopwatch; "free memory" is what the GC could still give this process.</summary>
public sealed class ProcessSystemInfo : ISystemInfo
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();

    public long UptimeMs => _uptime.ElapsedMilliseconds;

    public long FreeMemoryBytes => Math.Max(0, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory(forceFullCollection: false));
}
