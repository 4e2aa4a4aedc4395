using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Simulator.Farm;

/// <summary>
/// The farm `edgesensors simulate` serves with no arguments, and that the gateway's example configuration polls.
/// Documented in this project's README; change both together.
/// </summary>
public static class DefaultFarm
{
    public const int TcpPort = 5020;

    public static IReadOnlyList<FarmUnit> Units { get; } =
    [
        new FarmUnit
        {
            Unit = 1, ProfileId = "pemtech-pt495", Location = "T-101", Role = "LEL", PrimaryTag = "concentration",
            Signal = new SignalSettings { Kind = SignalKind.CombustibleGas, Mean = 0.5, Peak = 60, Noise = 0.3, Min = 0, Max = 100 },
            Constants = Map(("status", 0x0200), ("alarm1_setpoint", 25), ("alarm1_latching", 0), ("alarm2_setpoint", 50), ("alarm2_latching", 1)),
        },
        new FarmUnit
        {
            Unit = 2, ProfileId = "pemtech-pt495", Location = "T-101", Role = "H2S", PrimaryTag = "concentration",
            Signal = new SignalSettings { Kind = SignalKind.ToxicGas, Mean = 0.3, Peak = 40, Noise = 0.2, Min = 0, Max = 100 },
            Constants = Map(("status", 0x0100), ("alarm1_setpoint", 10), ("alarm1_latching", 0), ("alarm2_setpoint", 20), ("alarm2_latching", 1)),
        },
        new FarmUnit
        {
            Unit = 3, ProfileId = "sierra-monitor-5100", Location = "T-102", Role = "LEL", PrimaryTag = "concentration",
            Signal = new SignalSettings { Kind = SignalKind.CombustibleGas, Mean = 0.4, Peak = 55, Noise = 0.3, Min = 0, Max = 100 },
            Constants = Map(("temperature", 21.5), ("alarm_setpoint", 50), ("warning_setpoint", 25), ("gas_unit", 1)),
        },
        new FarmUnit
        {
            Unit = 4, ProfileId = "vegapuls-c21", Location = "T-101", Role = "level", PrimaryTag = "pv",
            Signal = new SignalSettings { Kind = SignalKind.Level, Min = 1.0, Max = 11.0, RatePerSecond = 0.005, Noise = 0.002 },
            Constants = Map(("pv_unit", 45), ("modbus_address", 246), ("baud_rate", 9600), ("byte_order", 1), ("tv", 0), ("qv", 0)),

            // SV mirrors the PV here; a real sensor is often set to report distance, which the profile leaves unitless.
            Mirrors = Map(("sv", 1.0)),
        },
        new FarmUnit
        {
            Unit = 5, ProfileId = "keller-series30", Location = "P-201", Role = "line pressure", PrimaryTag = "p1",
            Signal = new SignalSettings { Kind = SignalKind.Pressure, Mean = 6.0, Walk = 0.02, Noise = 0.003, Min = 0, Max = 10 },
            Constants = Map(("p2", 1.013), ("temperature", 18.0), ("temperature_int", 18.0)),
            Mirrors = Map(("p1_int", 1000.0)),
        },
        new FarmUnit
        {
            Unit = 6, ProfileId = "generic-rs485-transmitter", Location = "T-102", Role = "tank pressure", PrimaryTag = "value",
            Signal = new SignalSettings { Kind = SignalKind.Pressure, Mean = 3.5, Walk = 0.05, Noise = 0.02, Min = 0, Max = 100 },
            Constants = Map(("slave_address", 6), ("baud_code", 3), ("unit_code", 1), ("decimals", 1), ("range_zero", 0), ("range_full", 100)),
        },
    ];

    private static Dictionary<string, double> Map(params (string Tag, double Value)[] entries) =>
        entries.ToDictionary(e => e.Tag, e => e.Value, StringComparer.Ordinal);
}
