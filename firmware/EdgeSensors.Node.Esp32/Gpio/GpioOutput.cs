using System.Device.Gpio;
using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Esp32.Gpio;

/// <summary>One GPIO output (relay driver, buzzer driver, LED) as the alarm panel's pin.</summary>
public sealed class GpioOutput : IOutputPin
{
    private readonly GpioPin _pin;
    private bool _known;
    private bool _high;

    internal GpioOutput(GpioPin pin)
    {
        _pin = pin;
    }

    public void Write(bool high)
    {
        // The panel sets every output on every evaluation; only a change reaches the hardware.
        if (_known && high == _high)
        {
            return;
        }

        _pin.Write(high ? PinValue.High : PinValue.Low);
        _high = high;
        _known = true;
    }
}
