using System;
using nanoFramework.Networking;

namespace EdgeSensors.Node.Esp32.Network;

/// <summary>
/// Keeps the RTC on UTC with the firmware's SNTP client (hourly resync) and turns it into the core's time: ms since
/// 1970-01-01T00:00:00Z (nanoFramework keeps DateTime in UTC only). Until the first sync the ESP32 clock is not real time, so <see cref="IsSet"/> guards start-up.
/// </summary>
public sealed class SntpTime
{
    /// <summary>Any time before this (2024-01-01T00:00:00Z) means the clock has not been set since power-up.</summary>
    public static readonly DateTime EarliestValid = new DateTime(2024, 1, 1, 0, 0, 0);

    private static readonly DateTime UnixEpoch = new DateTime(1970, 1, 1, 0, 0, 0);

    private bool _started;

    /// <summary>True once the RTC holds a plausible UTC time.</summary>
    public static bool IsSet => DateTime.UtcNow >= EarliestValid;

    /// <summary>Now, in ms since the Unix epoch (UTC).</summary>
    public static long NowMs()
    {
        return (DateTime.UtcNow - UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
    }

    /// <summary>Starts the SNTP client once an address is available (a no-op after the first call).</summary>
    public void Start(string server1, string server2)
    {
        if (_started)
        {
            return;
        }

        Sntp.Server1 = server1;
        Sntp.Server2 = server2;
        Sntp.Start();
        Sntp.UpdateNow();
        _started = true;
    }
}
