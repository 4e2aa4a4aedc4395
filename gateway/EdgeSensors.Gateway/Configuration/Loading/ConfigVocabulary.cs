using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>
/// The keys a site config may use, section by section, and the words its enums take. The reader rejects any other
/// key; the JSON schema and docs/configuration.md list exactly these (a test checks it).
/// </summary>
internal static class ConfigVocabulary
{
    public static readonly string[] RootKeys = ["gateway", "buses", "devices", "outputs", "upstream", "storage"];

    public static readonly string[] GatewayKeys = ["id", "site"];

    public static readonly string[] BusKeys = ["name", "type", "device", "baud", "parity", "data_bits", "stop_bits", "host", "port", "timeout_ms", "retries"];

    public static readonly string[] SerialOnlyKeys = ["device", "parity", "data_bits", "stop_bits"];

    public static readonly string[] NetworkOnlyKeys = ["host", "port"];

    public static readonly string[] DeviceKeys = ["name", "bus", "profile", "unit_id", "poll_interval_s", "max_gap_registers", "tags"];

    public static readonly string[] TagKeys = ["name", "deadband", "heartbeat_s", "alarms"];

    public static readonly string[] DeadbandKeys = ["absolute", "percent"];

    public static readonly string[] AlarmKeys = ["preset", "oel", "idlh", "limits", "hysteresis", "on_delay_s", "off_delay_s", "latch", "rate", "fault_alarm"];

    public static readonly string[] LimitKeys = ["hh", "h", "l", "ll"];

    public static readonly string[] RateKeys = ["per_minute", "window_s", "direction", "hysteresis", "history"];

    public static readonly string[] FaultKeys = ["on", "on_delay_s", "off_delay_s", "latch"];

    public static readonly string[] OutputKeys = ["name", "gpio_pin", "active_level", "mode", "alarms", "driver"];

    public static readonly string[] UpstreamKeys = ["broker", "client_id", "username", "password", "password_file", "tls", "config_key_file", "protocol_version", "topic_prefix", "keepalive_s"];

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
        ["devices[].tags[].alarms.limits"] = LimitKeys,
        ["devices[].tags[].alarms.rate"] = RateKeys,
        ["devices[].tags[].alarms.fault_alarm"] = FaultKeys,
        ["outputs[]"] = OutputKeys,
        ["upstream"] = UpstreamKeys,
        ["upstream.tls"] = TlsKeys,
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
        ["devices[].tags[].alarms.rate.direction"] = ConfigDefaults.RateDirection,
        ["devices[].tags[].alarms.rate.hysteresis"] = ConfigDefaults.RateHysteresis,
        ["devices[].tags[].alarms.rate.history"] = ConfigDefaults.RateHistory,
        ["devices[].tags[].alarms.fault_alarm.on_delay_s"] = ConfigDefaults.FaultOnDelaySeconds,
        ["devices[].tags[].alarms.fault_alarm.off_delay_s"] = ConfigDefaults.FaultOffDelaySeconds,
        ["devices[].tags[].alarms.fault_alarm.latch"] = ConfigDefaults.FaultLatch,
        ["outputs[].active_level"] = ConfigDefaults.ActiveLevel,
        ["outputs[].mode"] = ConfigDefaults.OutputMode,
        ["outputs[].driver"] = ConfigDefaults.Driver,
        ["upstream.protocol_version"] = ConfigDefaults.ProtocolVersion,
        ["upstream.topic_prefix"] = ConfigDefaults.TopicPrefix,
        ["upstream.keepalive_s"] = ConfigDefaults.KeepAliveSeconds,
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

    public static readonly Dictionary<string, GasPreset> Presets = new(StringComparer.Ordinal)
    {
        ["combustible_gas"] = GasPreset.CombustibleGas,
        ["open_path_combustible"] = GasPreset.OpenPathCombustible,
        ["toxic_gas"] = GasPreset.ToxicGas,
        ["toxic_gas_idlh"] = GasPreset.ToxicGasIdlh,
        ["oxygen"] = GasPreset.Oxygen,
    };

    public static readonly Dictionary<string, RateDirection> Directions = new(StringComparer.Ordinal)
    {
        ["falling"] = RateDirection.Falling,
        ["rising"] = RateDirection.Rising,
        ["either"] = RateDirection.Either,
    };

    public static readonly Dictionary<string, FaultTriggers> Triggers = new(StringComparer.Ordinal)
    {
        ["sensor_fault"] = FaultTriggers.SensorFault,
        ["comm_failure"] = FaultTriggers.CommFailure,
        ["invalid"] = FaultTriggers.Invalid,
        ["out_of_range"] = FaultTriggers.OutOfRange,
        ["stale"] = FaultTriggers.Stale,
    };

    public static readonly Dictionary<string, OutputMode> OutputModes = new(StringComparer.Ordinal)
    {
        ["while_active"] = OutputMode.WhileActive,
        ["until_acknowledged"] = OutputMode.UntilAcknowledged,
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

    public static readonly string[] Protocols = ["5", "3.1.1"];

    public static readonly Dictionary<string, EdgeSensors.Gateway.Storage.SynchronousMode> SyncModes = new(StringComparer.Ordinal)
    {
        ["normal"] = EdgeSensors.Gateway.Storage.SynchronousMode.Normal,
        ["full"] = EdgeSensors.Gateway.Storage.SynchronousMode.Full,
    };

    /// <summary>Highest BCM GPIO number on the Raspberry Pi's 40-pin header.</summary>
    public const int MaxGpioPin = 27;
}
