namespace EdgeSensors.Node.Host;

/// <summary>What the host runner needs: the boot config, the serial line, the broker, the config key and a data directory.</summary>
public sealed record HostOptions
{
    /// <summary>The node config document (JSON body, unsigned) the runner boots with when no signed config is stored.</summary>
    public required string BootConfigPath { get; init; }

    /// <summary>Serial device of the RS-485 line, e.g. /dev/ttyUSB0 or a socat pty link.</summary>
    public required string SerialPort { get; init; }

    public int Baud { get; init; } = 9600;

    public string BrokerHost { get; init; } = "127.0.0.1";

    public int BrokerPort { get; init; } = 1883;

    /// <summary>
    /// MQTT user name, null for an anonymous broker. The fleet server's broker (embedded or Mosquitto) wants the device
    /// id and the password enrolment issued; the ESP32 build reads the same pair from its settings (mqtt_user, mqtt_password).
    /// </summary>
    public string? BrokerUserName { get; init; }

    /// <summary>MQTT password; used only with <see cref="BrokerUserName"/>.</summary>
    public string? BrokerPassword { get; init; }

    /// <summary>The node's per-device config key (32 bytes) that signed configs must be sealed with.</summary>
    public required byte[] ConfigKey { get; init; }

    /// <summary>Holds the flash record file (readings.rec) and the last applied signed config (config.bin).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// How long after start the wall clock is withheld from the core, as if SNTP had not answered yet (tests of a node
    /// booting without time); zero: set from the start.
    /// </summary>
    public TimeSpan ClockSetAfter { get; init; } = TimeSpan.Zero;

    /// <summary>Pause between two passes of the main loop.</summary>
    public TimeSpan LoopPause { get; init; } = TimeSpan.FromMilliseconds(1);
}
