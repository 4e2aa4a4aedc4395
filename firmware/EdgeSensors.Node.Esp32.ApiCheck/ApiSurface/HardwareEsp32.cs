// Declarations only: nanoFramework.Hardware.Esp32 (1.6.x, nanoframework/nanoFramework.Hardware.Esp32 Configuration.cs)
// as far as the device adapters use it. Bodies throw; the device links the real package.
#nullable disable
namespace nanoFramework.Hardware.Esp32;

public enum DeviceFunction
{
    COM2_TX,
    COM2_RX,
    COM2_RTS,
    COM2_CTS,
}

public static class Configuration
{
    public static void SetPinFunction(int pin, DeviceFunction function) => throw new System.NotImplementedException();
}
