namespace EdgeSensors.Node.Esp32.Board;

/// <summary>
/// The ESP32-DevKitC GPIO numbers this firmware drives (hardware/esp32-node/pinmap.md explains each choice). Strapping
/// pins (0, 2, 5, 12, 15) and the flash pins (6-11) are avoided; 34-39 are input only.
/// </summary>
public static class BoardPins
{
    /// <summary>UART2 TX to the transceiver's DI.</summary>
    public const int Rs485Tx = 17;

    /// <summary>UART2 RX from the transceiver's RO.</summary>
    public const int Rs485Rx = 16;

    /// <summary>UART2 RTS to the transceiver's DE and /RE (tied): high while sending.</summary>
    public const int Rs485DriverEnable = 4;

    /// <summary>Relay driver input (through the ULN2003A / transistor stage): high energises the relay.</summary>
    public const int Relay = 25;

    /// <summary>Buzzer driver input: high sounds the buzzer.</summary>
    public const int Buzzer = 26;

    /// <summary>Status LED (through 330 ohm): blinks while the main loop runs.</summary>
    public const int StatusLed = 27;

    /// <summary>The nanoFramework name of UART2.</summary>
    public const string Rs485Port = "COM2";

    /// <summary>The GPIOs a config may use for an alarm output, as text for error messages.</summary>
    public const string UsableOutputs = "13, 18, 19, 21-23, 25, 26, 32, 33";

    /// <summary>
    /// True for a GPIO that may drive an alarm output: it exists, is not input-only (34-39), not wired to flash (6-11),
    /// not UART0 (1, 3: console and flashing), not a strapping pin (0, 2, 5, 12, 15) whose level at reset a driver could
    /// change, not GPIO 14 (it outputs PWM during boot, which would chatter a relay) and not taken by this board (4, 16,
    /// 17: RS-485; 27: status LED).
    /// </summary>
    public static bool IsOutputCapable(int pin)
    {
        switch (pin)
        {
            case 13:
            case 18:
            case 19:
            case 21:
            case 22:
            case 23:
            case 25:
            case 26:
            case 32:
            case 33:
                return true;
            default:
                return false;
        }
    }
}
