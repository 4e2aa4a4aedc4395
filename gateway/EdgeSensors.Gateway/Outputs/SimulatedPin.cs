using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Outputs;

/// <summary>An output that only records its level: for the demo, CI and a dry run on site (driver: simulated).</summary>
public sealed class SimulatedPin(string name, int pinNumber) : IOutputPin
{
    public string Name { get; } = name;

    public int PinNumber { get; } = pinNumber;

    /// <summary>The electrical level last written (true = high).</summary>
    public bool Level { get; private set; }

    /// <summary>Level changes since start, so a test can tell "switched once" from "flapped".</summary>
    public int Changes { get; private set; }

    public void Write(bool high)
    {
        if (high != Level)
        {
            Changes++;
        }

        Level = high;
    }
}
