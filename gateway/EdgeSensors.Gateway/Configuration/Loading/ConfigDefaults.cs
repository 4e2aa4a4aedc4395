using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>
/// What a key means when it is left out. docs/configuration.md and gateway/config.schema.json state the same
/// values; a test keeps the three in step.
/// </summary>
public static class ConfigDefaults
{
    public const int TcpPort = 502;

    public const int Baud = 9600;

    public const string Parity = "none";

    public const int DataBits = 8;

    public const int StopBits = 1;

    public const int TimeoutMs = 1000;

    public const int Retries = 2;

    public const double PollIntervalSeconds = 1;

    public const int MaxGapRegisters = 0;

    public const double HeartbeatSeconds = 60;

    public const double Hysteresis = 0;

    public const double OnDelaySeconds = 0;

    public const double OffDelaySeconds = 0;

    public const bool Latch = false;

    public const bool FaultAlarm = true;

    public const double RateWindowSeconds = TagAlarmConfig.DefaultRateWindowMs / 1000.0;

    public const string RateDirection = "falling";

    public const double RateHysteresis = 0;

    public const int RateHistory = TagAlarmConfig.DefaultRateHistoryLength;

    /// <summary>The alarm core's choice: one missed poll does not raise the fault alarm, a dead detector does.</summary>
    public const double FaultOnDelaySeconds = GasAlarmDefaults.FaultOnDelayMs / 1000.0;

    public const double FaultOffDelaySeconds = 0;

    public const bool FaultLatch = false;

    public const string OutputMode = "while_active";

    public const string ActiveLevel = "high";

    public const string Driver = "gpio";

    public const int MqttPort = 1883;

    public const int MqttsPort = 8883;

    public const string ProtocolVersion = "5";

    public const string TopicPrefix = "edgesensors";

    public const int KeepAliveSeconds = 30;

    public const string DataDirectory = "/var/lib/edgesensors";

    /// <summary>256 MiB, as the store's own default (docs/storage.md sizes it: about 5 hours of a full outage at 50 readings/s).</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>The server keeps records 30 days (the national rule on major hazard sources); the buffer must not drop sooner.</summary>
    public const double MaxAgeDays = 30;

    public const int BackfillRate = 200;

    public const string Synchronous = "full";
}
