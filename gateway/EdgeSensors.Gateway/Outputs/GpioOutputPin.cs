using System.Device.Gpio;
using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Outputs;

/// <summary>
/// A relay, beacon or buzzer on a Raspberry Pi GPIO line (System.Device.Gpio, libgpiod or sysfs underneath). The
/// alarm panel decides on/off and the active level; this only drives the pin, so it works with every network down.
/// </summary>
public sealed class GpioOutputPin : IOutputPin, IDisposable
{
    private readonly GpioController _controller;
    private readonly int _pin;

    public GpioOutputPin(GpioController controller, int pin)
    {
        _controller = controller;
        _pin = pin;
        _controller.OpenPin(pin, PinMode.Output);
    }

    public void Write(bool high) => _controller.Write(_pin, high ? PinValue.High : PinValue.Low);

    public void Dispose() => _controller.ClosePin(_pin);
}
