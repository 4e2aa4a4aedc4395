using System;
using System.Device.Gpio;
using EdgeSensors.Alarms;
using EdgeSensors.Node.Esp32.Board;
using EdgeSensors.Node.Outputs;

namespace EdgeSensors.Node.Esp32.Gpio;

/// <summary>Opens ESP32 GPIOs as outputs through one GpioController; a pin is opened once and handed out again after.</summary>
public sealed class GpioPinDriver : IPinDriver
{
    private const int PinCount = 40;

    private readonly GpioController _controller = new GpioController();
    private readonly GpioOutput?[] _outputs = new GpioOutput?[PinCount];

    /// <summary>The status LED, opened outside any config (not offered to alarm outputs).</summary>
    public IOutputPin OpenStatusLed()
    {
        var led = new GpioOutput(_controller.OpenPin(BoardPins.StatusLed, PinMode.Output));
        led.Write(false);
        return led;
    }

    /// <exception cref="ArgumentException">The pin cannot drive an output; the message names it and the usable pins.</exception>
    public IOutputPin OpenOutput(int pin)
    {
        if (!BoardPins.IsOutputCapable(pin))
        {
            throw new ArgumentException("output pin " + pin.ToString() + " cannot drive an alarm output on the ESP32: use one of GPIO " + BoardPins.UsableOutputs + " (hardware/esp32-node/pinmap.md)", "pin");
        }

        GpioOutput? output = _outputs[pin];
        if (output == null)
        {
            // Low first: a relay or buzzer must not pulse while the node starts.
            output = new GpioOutput(_controller.OpenPin(pin, PinMode.Output));
            output.Write(false);
            _outputs[pin] = output;
        }

        return output;
    }
}
