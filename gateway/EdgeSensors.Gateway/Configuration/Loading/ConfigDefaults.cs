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

    public const double RateWindowSeconds = 60;

    public const string ActiveLevel = "high";

    public const string Driver = "gpio";

    public const int MqttPort = 1883;

    public const int MqttsPort = 8883;

    public const string ProtocolVersion = "5";

    public const string TopicPrefix = "edgesensors";

    public const int KeepAliveSeconds = 30;

    public const string DataDirectory = "/var/lib/edgesensors";

    /// <summary>1 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The national rule on major hazard sources asks for electronic records kept at least 30 days.</summary>
    public const double MaxAgeDays = 30;

    public const int BackfillRate = 100;

    public const string Synchronous = "full";
}
