using System.Collections.Concurrent;
using EdgeSensors.Alarms;
using EdgeSensors.Node.Outputs;

namespace EdgeSensors.Node.Host.Adapters;

/// <summary>GPIO outputs simulated in memory: each pin keeps its level and when it last changed, for tests and the console.</summary>
public sealed class SimulatedPins : IPinDriver
{
    private readonly ConcurrentDictionary<int, SimulatedPin> _pins = new();

    public IOutputPin OpenOutput(int pin) => _pins.GetOrAdd(pin, number => new SimulatedPin(number));

    /// <summary>The pin's level; false for a pin never opened.</summary>
    public bool IsHigh(int pin) => _pins.TryGetValue(pin, out SimulatedPin? output) && output.High;

    public SimulatedPin? Get(int pin) => _pins.TryGetValue(pin, out SimulatedPin? output) ? output : null;
}

/// <summary>One simulated GPIO output.</summary>
public sealed class SimulatedPin(int number) : IOutputPin
{
    private volatile bool _high;

    public int Number { get; } = number;

    public bool High => _high;

    /// <summary>Level changes since start.</summary>
    public int Changes { get; private set; }

    public void Write(bool high)
    {
        if (high != _high)
        {
            Changes++;
        }

        _high = high;
    }
}
