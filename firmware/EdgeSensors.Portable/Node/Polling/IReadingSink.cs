using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Polling;

/// <summary>Where the poller hands each tag's reading: the node evaluates its alarms and buffers it.</summary>
public interface IReadingSink
{
    /// <param name="tagIndex">The tag's index over all devices, in config order.</param>
    /// <param name="value">The engineering value; NaN when there is none.</param>
    /// <param name="quality">How far the value can be trusted.</param>
    /// <param name="timeMs">Acquisition time in ms since the Unix epoch (a stale value keeps its own).</param>
    void OnReading(int tagIndex, double value, SignalQuality quality, long timeMs);
}
