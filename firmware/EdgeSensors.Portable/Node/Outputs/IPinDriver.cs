using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Outputs;

/// <summary>Opens GPIO outputs by number (nanoFramework: GpioController; host: simulated pins).</summary>
public interface IPinDriver
{
    /// <summary>The output on GPIO <paramref name="pin"/>; the same pin number gives the same output.</summary>
    IOutputPin OpenOutput(int pin);
}
