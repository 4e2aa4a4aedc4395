// Declarations only: nanoFramework.System.Device.Gpio (1.1.x) as far as the device adapters use it. Bodies throw.
#nullable disable
namespace System.Device.Gpio;

public enum PinMode { Input, Output, InputPullDown, InputPullUp }

public enum PinValue { Low = 0, High = 1 }

public sealed class GpioPin
{
    private GpioPin()
    {
    }

    public void Write(PinValue value) => throw new NotImplementedException();
}

public class GpioController : IDisposable
{
    public GpioController() => throw new NotImplementedException();

    public GpioPin OpenPin(int pinNumber, PinMode mode) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
