namespace EdgeSensors.Node.Status;

/// <summary>What the platform knows about itself, for the status message (nanoFramework: nanoFramework.Runtime.Native; host: the process).</summary>
public interface ISystemInfo
{
    /// <summary>Time since the node started, in ms, from a clock that never steps.</summary>
    long UptimeMs { get; }

    /// <summary>Free managed heap, in bytes.</summary>
    long FreeMemoryBytes { get; }
}
