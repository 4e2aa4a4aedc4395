using System;
using System.Diagnostics;
using System.IO.Ports;
using System.Text;
using System.Threading;
using EdgeSensors.Alarms;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Esp32.Gpio;
using EdgeSensors.Node.Esp32.Mqtt;
using EdgeSensors.Node.Esp32.Network;
using EdgeSensors.Node.Esp32.Platform;
using EdgeSensors.Node.Esp32.Rs485;
using EdgeSensors.Node.Esp32.Storage;

namespace EdgeSensors.Node.Esp32;

/// <summary>
/// Wires the portable node core to the ESP32 and runs its loop. Nothing here decides anything about readings, alarms or
/// configs: that is the core's (firmware/EdgeSensors.Portable/Node). Every call in the loop returns at once; WiFi and
/// the MQTT connection live on their own threads; a software watchdog reboots the node if a pass takes over 30 s.
/// </summary>
public static class Program
{
    private const long WatchdogLimitMs = 30000;
    private const int LoopPauseMs = 2;
    private const int LedHalfPeriodPasses = 250;
    private const string RecordPath = "I:\\edgesensors\\readings.rec";
    private const string AlarmRecordPath = "I:\\edgesensors\\alarms.rec";

    public static void Main()
    {
        var watchdog = new LoopWatchdog(WatchdogLimitMs);
        watchdog.Start();
        var pins = new GpioPinDriver();
        IOutputPin led = pins.OpenStatusLed();
        try
        {
            Run(watchdog, pins, led);
        }
        catch (Exception e)
        {
            // Only start-up can get here (settings, UART, a stored config the core refuses): say why and signal it.
            Debug.WriteLine("EdgeSensors node cannot start: " + e.Message);
            Halt(watchdog, led);
        }
    }

    private static void Run(LoopWatchdog watchdog, GpioPinDriver pins, IOutputPin led)
    {
        DeviceSettings settings = DeviceSettings.Load(DeviceSettings.DefaultPath);
        string nodeId = settings.Required("node_id");
        var opener = new SealedConfigOpener(settings.ConfigKey());
        int baud = settings.Integer("baud", 9600, 1200, 115200);

        var wifi = new WifiStarter(settings.Required("wifi_ssid"), settings.Optional("wifi_password", ""));
        wifi.Start();
        var time = new SntpTime();
        string ntp1 = settings.Optional("ntp1", "0.pool.ntp.org");
        string ntp2 = settings.Optional("ntp2", "1.pool.ntp.org");

        var store = new ConfigStore(ConfigStore.DefaultPath);
        NodeConfig boot = BootConfig(store, opener, nodeId, settings.Optional("prefix", "edgesensors"));

        // Nothing waits for the network: polling, alarms and outputs start at once on the monotonic clock; the core
        // stamps and publishes readings once SNTP has set the wall clock (NodeRuntime.Step).
        var line = new Rs485Line(baud, ParityOf(settings.Optional("parity", "none")), settings.Integer("stop_bits", 1, 1, 2) == 2 ? StopBits.Two : StopBits.One);
        var link = new M2MqttLink(new BrokerSettings(
            settings.Required("mqtt_host"),
            settings.Integer("mqtt_port", 8883, 1, 65535),
            nodeId,
            settings.Optional("mqtt_user", nodeId),
            settings.Optional("mqtt_password", ""),
            CaCertificate(settings)));
        var node = new NodeRuntime(boot, line, baud, link, pins, new Esp32SystemInfo(), new FlashRecordFile(RecordPath), new FlashRecordFile(AlarmRecordPath), opener, Environment.TickCount64);
        link.Start(nodeId, node.StatusTopic, node.ConfigTopic, node.AckTopic);

        int pass = 0;
        while (true)
        {
            if (wifi.Joined)
            {
                time.Start(ntp1, ntp2);
            }

            long now = Environment.TickCount64;
            node.Step(now, SntpTime.IsSet ? SntpTime.NowMs() : NodeRuntime.ClockNotSet);

            byte[]? config = link.TryTakeConfig();
            if (config != null && node.OfferConfig(config, config.Length, now) && !store.Save(config, config.Length))
            {
                Debug.WriteLine("config revision " + node.ConfigRevision.ToString() + " applied but not stored on " + ConfigStore.DefaultPath + "; a restart without the broker would run the previous one");
            }

            string? ack = link.TryTakeAck();
            if (ack != null)
            {
                node.Acknowledge(ack.Trim(), now);
            }

            watchdog.Kick();
            pass++;
            led.Write((pass / LedHalfPeriodPasses) % 2 == 1);
            Thread.Sleep(LoopPauseMs);
        }
    }

    /// <summary>The last applied config from flash (checked again: CRC, HMAC), or a config with no devices until one arrives.</summary>
    private static NodeConfig BootConfig(ConfigStore store, SealedConfigOpener opener, string nodeId, string prefix)
    {
        var parser = new NodeConfigParser();
        byte[]? stored = store.Load();
        if (stored != null)
        {
            if (opener.TryOpen(stored, stored.Length, out int revision, out int offset, out int length, out string sha256, out string reason))
            {
                NodeConfig? config = parser.Parse(stored, offset, length);
                if (config != null && config.NodeId == nodeId)
                {
                    config.Revision = revision;
                    config.BodySha256Hex = sha256;
                    return config;
                }

                Debug.WriteLine("stored config ignored: " + (config == null ? parser.Error : "it is for node '" + config.NodeId + "'"));
            }
            else
            {
                Debug.WriteLine("stored config ignored: " + reason);
            }
        }

        byte[] empty = Encoding.UTF8.GetBytes("{\"node\":\"" + nodeId + "\",\"prefix\":\"" + prefix + "\",\"devices\":[]}");
        NodeConfig? fallback = parser.Parse(empty, 0, empty.Length);
        if (fallback == null)
        {
            throw new InvalidOperationException("node_id '" + nodeId + "' or prefix '" + prefix + "' in the device settings is not accepted: " + parser.Error);
        }

        return fallback;
    }

    private static Parity ParityOf(string text)
    {
        if (text == "even")
        {
            return Parity.Even;
        }

        if (text == "odd")
        {
            return Parity.Odd;
        }

        if (text != "none")
        {
            throw new InvalidOperationException("device settings: parity=" + text + " is not none, even or odd");
        }

        return Parity.None;
    }

    // TLS unless the settings say mqtt_insecure=yes (a lab broker on the bench only).
    private static byte[]? CaCertificate(DeviceSettings settings)
    {
        if (settings.Optional("mqtt_insecure", "no") == "yes")
        {
            return null;
        }

        return FlashFiles.ReadAll(settings.Required("mqtt_ca"));
    }

    // Nothing can run without settings: blink fast (5 Hz) so a technician sees it, and keep the watchdog quiet.
    private static void Halt(LoopWatchdog watchdog, IOutputPin led)
    {
        bool on = false;
        while (true)
        {
            on = !on;
            led.Write(on);
            watchdog.Kick();
            Thread.Sleep(100);
        }
    }
}
