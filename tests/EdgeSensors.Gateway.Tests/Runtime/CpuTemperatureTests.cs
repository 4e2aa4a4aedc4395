using System.Globalization;
using EdgeSensors.Gateway.Runtime;

namespace EdgeSensors.Gateway.Tests.Runtime;

/// <summary>
/// The status's cpu_temperature_c comes from Iot.Device.Bindings' CpuTemperature, which reads the kernel's thermal
/// zone 0 on Linux: it agrees with that file where the host has one, and is null (not 0, not an exception) where not.
/// </summary>
public class CpuTemperatureTests
{
    private const string ThermalZone = "/sys/class/thermal/thermal_zone0/temp";

    [Fact]
    public void Cpu_temperature_matches_the_thermal_zone_or_is_null_without_one()
    {
        double? celsius = GatewayStatus.ReadCpuTemperatureCelsius();

        if (File.Exists(ThermalZone))
        {
            double kernel = double.Parse(File.ReadAllText(ThermalZone).Trim(), CultureInfo.InvariantCulture) / 1000;
            Assert.NotNull(celsius);
            Assert.InRange(celsius.Value, kernel - 3, kernel + 3);
        }
        else
        {
            Assert.Null(celsius);
        }
    }
}
