using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>
/// The keys a site config may use, section by section, and the words its enums take. The reader rejects any other
/// key; the JSON schema and docs/configuration.md list exactly these (a test checks it).
/// </summary>
internal static class ConfigVocabulary
{
    public static readonly string[] RootKeys = ["gateway", "buses", "devices", "outputs", "mqtt", "storage"];

    public static readonly string[] GatewayKeys = ["id", "site"];

    public static readonly string[] BusKeys = ["name", "type", "device", "baud", "parity", "data_bits", "stop_bits", "host", "port", "timeout_ms", "retries"];

    public static readonly string[] SerialOnlyKeys = ["device", "parity", "data_bits", "stop_bits"];

    public static readonly string[] NetworkOnlyKeys = ["host", "port"];

    public static readonly string[] DeviceKeys = ["name", "bus", "profile", "unit_id", "poll_interval_s", "max_gap_registers", "tags"];

    public static readonly string[] TagKeys = ["name", "gas", "deadband", "heartbeat_s", "alarms"];

    public static readonly string[] DeadbandKeys = ["absolute", "percent"];

    public static readonly string[] AlarmKeys = ["hh", "h", "l", "ll", "hysteresis", "on_delay_s", "off_delay_s", "latch", "rate", "fault_alarm"];

    public static readonly string[] RateKeys = ["per_minute", "window_s"];

    public static readonly string[] OutputKeys = ["name", "gpio_pin", "active_level", "alarms", "driver"];

    public static readonly string[] MqttKeys = ["broker", "client_id", "username", "password", "password_file", "tls", "protocol_version", "topic_prefix", "keepalive_s"];

    public static readonly string[] TlsKeys = ["ca_file", "cert_file", "key_file"];

    public static readonly string[] StorageKeys = ["data_dir", "max_bytes", "max_age_days", "backfill_rate", "synchronous"];

    /// <summary>Every section by its path ("[]" marks a list item), with its keys.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Sections = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] = RootKeys,
        ["gateway"] = GatewayKeys,
        ["buses[]"] = BusKeys,
        ["devices[]"] = DeviceKeys,
        ["devices[].tags[]"] = TagKeys,
        ["devices[].tags[].deadband"] = DeadbandKeys,
        ["devices[].tags[].alarms"] = AlarmKeys,
        ["devices[].tags[].alarms.rate"] = RateKeys,
        ["outputs[]"] = OutputKeys,
        ["mqtt"] = MqttKeys,
        ["mqtt.tls"] = TlsKeys,
        ["storage"] = StorageKeys,
    };

    /// <summary>Defaults that do not depend on other keys, by key path (the docs and the schema state the same).</summary>
    public static readonly IReadOnlyDictionary<string, object> Defaults = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["buses[].baud"] = ConfigDefaults.Baud,
        ["buses[].parity"] = ConfigDefaults.Parity,
        ["buses[].data_bits"] = ConfigDefaults.DataBits,
        ["buses[].stop_bits"] = ConfigDefaults.StopBits,
        ["buses[].timeout_ms"] = ConfigDefaults.TimeoutMs,
        ["buses[].retries"] = ConfigDefaults.Retries,
        ["devices[].poll_interval_s"] = ConfigDefaults.PollIntervalSeconds,
        ["devices[].max_gap_registers"] = ConfigDefaults.MaxGapRegisters,
        ["devices[].tags[].heartbeat_s"] = ConfigDefaults.HeartbeatSeconds,
        ["devices[].tags[].alarms.hysteresis"] = ConfigDefaults.Hysteresis,
        ["devices[].tags[].alarms.on_delay_s"] = ConfigDefaults.OnDelaySeconds,
        ["devices[].tags[].alarms.off_delay_s"] = ConfigDefaults.OffDelaySeconds,
        ["devices[].tags[].alarms.latch"] = ConfigDefaults.Latch,
        ["devices[].tags[].alarms.fault_alarm"] = ConfigDefaults.FaultAlarm,
        ["devices[].tags[].alarms.rate.window_s"] = ConfigDefaults.RateWindowSeconds,
        ["outputs[].active_level"] = ConfigDefaults.ActiveLevel,
        ["outputs[].driver"] = ConfigDefaults.Driver,
        ["mqtt.protocol_version"] = ConfigDefaults.ProtocolVersion,
        ["mqtt.topic_prefix"] = ConfigDefaults.TopicPrefix,
        ["mqtt.keepalive_s"] = ConfigDefaults.KeepAliveSeconds,
        ["storage.data_dir"] = ConfigDefaults.DataDirectory,
        ["storage.max_bytes"] = ConfigDefaults.MaxBytes,
        ["storage.max_age_days"] = ConfigDefaults.MaxAgeDays,
        ["storage.backfill_rate"] = ConfigDefaults.BackfillRate,
        ["storage.synchronous"] = ConfigDefaults.Synchronous,
    };

    public static readonly Dictionary<string, BusKind> BusKinds = new(StringComparer.Ordinal)
    {
        ["serial"] = BusKind.Serial,
        ["tcp"] = BusKind.Tcp,
        ["rtu_over_tcp"] = BusKind.RtuOverTcp,
    };

    public static readonly Dictionary<string, System.IO.Ports.Parity> Parities = new(StringComparer.Ordinal)
    {
        ["none"] = System.IO.Ports.Parity.None,
        ["even"] = System.IO.Ports.Parity.Even,
        ["odd"] = System.IO.Ports.Parity.Odd,
    };

    public static readonly int[] StandardBauds = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

    public static readonly Dictionary<string, GasKind> Gases = new(StringComparer.Ordinal)
    {
        ["combustible"] = GasKind.Combustible,
        ["toxic"] = GasKind.Toxic,
        ["oxygen"] = GasKind.Oxygen,
    };

    public static readonly Dictionary<string, ActiveLevel> ActiveLevels = new(StringComparer.Ordinal)
    {
        ["high"] = ActiveLevel.High,
        ["low"] = ActiveLevel.Low,
    };

    public static readonly Dictionary<string, OutputDriver> Drivers = new(StringComparer.Ordinal)
    {
        ["gpio"] = OutputDriver.Gpio,
        ["simulated"] = OutputDriver.Simulated,
    };

    public static readonly Dictionary<string, MqttProtocol> Protocols = new(StringComparer.Ordinal)
    {
        ["5"] = MqttProtocol.V500,
        ["3.1.1"] = MqttProtocol.V311,
    };

    public static readonly Dictionary<string, SyncMode> SyncModes = new(StringComparer.Ordinal)
    {
        ["normal"] = SyncMode.Normal,
        ["full"] = SyncMode.Full,
        ["extra"] = SyncMode.Extra,
    };

    /// <summary>Highest BCM GPIO number on the Raspberry Pi's 40-pin header.</summary>
    public const int MaxGpioPin = 27;
}
