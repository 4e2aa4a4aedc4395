namespace EdgeSensors.Modbus.Decoding;

/// <summary>Engineering-unit scaling applied after decoding.</summary>
public static class Scaling
{
    private static readonly double[] PowersOfTen = { 1d, 10d, 100d, 1000d, 10000d, 100000d, 1000000d };

    /// <summary>raw * gain + offset.</summary>
    public static double Linear(double raw, double gain, double offset)
    {
        return (raw * gain) + offset;
    }

    /// <summary>
    /// Divides by 10^places, for instruments that report an integer plus a "decimal places" register
    /// (the generic RS-485 transmitter's 0x0003). Places outside 0-6 are refused rather than guessed.
    /// </summary>
    public static bool TryApplyDecimals(double raw, int places, out double value)
    {
        if (places < 0 || places >= PowersOfTen.Length)
        {
            value = 0;
            return false;
        }

        value = raw / PowersOfTen[places];
        return true;
    }
}
