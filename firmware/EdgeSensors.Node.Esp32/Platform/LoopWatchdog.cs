using System;
using System.Diagnostics;
using System.Threading;
using nanoFramework.Runtime.Native;

namespace EdgeSensors.Node.Esp32.Platform;

/// <summary>
/// Reboots the node when the main loop stops coming round: the loop calls <see cref="Kick"/> every pass, a timer thread
/// checks the last kick and calls Power.RebootDevice when it is older than the limit. nanoFramework exposes no managed
/// API to the ESP32's hardware watchdog, so this is a software watchdog: it catches a managed loop that blocks or
/// spins (a driver call that never returns, an endless retry); a hang of the native runtime itself is left to the
/// ESP-IDF task watchdog of the firmware image. After the reboot the outputs restart low and the alarm panel re-arms
/// from the stored config.
/// </summary>
public sealed class LoopWatchdog
{
    private readonly long _limitMs;
    private long _lastKickMs;
    private Timer? _timer;

    /// <param name="limitMs">How long the loop may go without a kick, in ms.</param>
    public LoopWatchdog(long limitMs)
    {
        _limitMs = limitMs;
        _lastKickMs = Environment.TickCount64;
    }

    /// <summary>Starts checking, every 1/4 of the limit.</summary>
    public void Start()
    {
        int period = (int)(_limitMs / 4);
        _timer = new Timer(Check, null, period, period);
    }

    /// <summary>The loop is alive.</summary>
    public void Kick()
    {
        _lastKickMs = Environment.TickCount64;
    }

    private void Check(object? state)
    {
        long silentMs = Environment.TickCount64 - _lastKickMs;
        if (silentMs > _limitMs)
        {
            Debug.WriteLine("watchdog: main loop silent for " + silentMs.ToString() + " ms (limit " + _limitMs.ToString() + " ms); rebooting");
            Power.RebootDevice(1000);
        }
    }
}
