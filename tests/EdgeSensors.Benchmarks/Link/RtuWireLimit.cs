using EdgeSensors.Modbus.Framing;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// The most polls per second a serial line can carry for a register read: request and response bytes at
/// 11 bits each, plus the t3.5 silence before each of the two frames.
/// </summary>
public static class RtuWireLimit
{
    public static int RequestBytes => 8;

    public static int ResponseBytes(int registers) => 5 + (2 * registers);

    public static double MicrosPerPoll(int baud, int registers)
    {
        int bytes = RequestBytes + ResponseBytes(registers);
        return (bytes * 11_000_000.0 / baud) + (2.0 * RtuFraming.InterFrameDelayMicros(baud));
    }

    public static double PollsPerSecond(int baud, int registers) => 1_000_000.0 / MicrosPerPoll(baud, registers);
}
