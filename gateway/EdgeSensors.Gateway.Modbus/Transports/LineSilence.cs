using System.Diagnostics;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// The silence an RTU line needs between frames (t3.5: 3.5 character times, fixed 1.75 ms above 19200 baud),
/// waited out by <see cref="PreciseTimer"/> so it is never cut short. One per RTU framer.
/// </summary>
internal sealed class LineSilence
{
    private readonly PreciseWaiter _waiter = new();

    public LineSilence(TimeSpan length)
    {
        Length = length;
        LengthTicks = (long)Math.Ceiling(length.TotalSeconds * Stopwatch.Frequency);
    }

    public TimeSpan Length { get; }

    public long LengthTicks { get; }

    /// <summary>Completes once the line has been quiet for <see cref="Length"/> since <paramref name="since"/> (a Stopwatch timestamp).</summary>
    public ValueTask WaitSinceAsync(long since) => _waiter.WaitUntilAsync(since + LengthTicks);
}
