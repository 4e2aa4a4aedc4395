using System;
using EdgeSensors.Node.Status;

namespace EdgeSensors.Node.Esp32.Platform;

/// <summary>Uptime from the never-stepping tick counter; free managed heap from nanoFramework's GC.</summary>
public sealed class Esp32SystemInfo : ISystemInfo
{
    /// <summary>Milliseconds since boot (Environment.TickCount64, nanoFramework.Runtime.Native); SNTP does not move it.</summary>
    public long UptimeMs => Environment.TickCount64;

    /// <summary>
    /// Free managed heap in bytes. nanoFramework reports it only by running a collection (GC.Run(false), no compaction),
    /// which takes a few ms: the core asks once per status message, not per poll.
    /// </summary>
    public long FreeMemoryBytes => nanoFramework.Runtime.Native.GC.Run(false);
}
