using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;

namespace EdgeSensors.Node.Esp32.Network;

/// <summary>
/// Joins the WiFi network with DHCP on its own thread, retrying until it succeeds; the ESP32 driver then reconnects by
/// itself (WifiReconnectionKind.Automatic). The main loop never waits for it: alarms run with or without WiFi.
/// </summary>
public sealed class WifiStarter
{
    /// <summary>How long one join attempt may take, in ms.</summary>
    public const int AttemptTimeoutMs = 60000;

    private readonly string _ssid;
    private readonly string _password;
    private Thread? _thread;

    public WifiStarter(string ssid, string password)
    {
        _ssid = ssid;
        _password = password;
    }

    /// <summary>The network has been joined once (an address was obtained).</summary>
    public bool Joined { get; private set; }

    /// <summary>Why the last attempt failed, naming the SSID; empty after success.</summary>
    public string LastError { get; private set; } = "";

    public void Start()
    {
        _thread = new Thread(JoinLoop);
        _thread.Start();
    }

    private void JoinLoop()
    {
        while (!Joined)
        {
            try
            {
                var timeout = new CancellationTokenSource(AttemptTimeoutMs);
                if (WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, false, 0, timeout.Token))
                {
                    Joined = true;
                    LastError = "";
                    return;
                }

                LastError = "WiFi '" + _ssid + "' not joined (" + WifiNetworkHelper.Status.ToString() + "); check the SSID, the password and the signal at the node";
            }
            catch (Exception e)
            {
                LastError = "WiFi '" + _ssid + "' failed: " + e.Message;
            }

            Thread.Sleep(10000);
        }
    }
}
