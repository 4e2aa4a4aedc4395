namespace EdgeSensors.Gateway.Polling;

/// <summary>
/// Decides which samples are published: a value that moved past its deadband, any quality change, and a heartbeat
/// when nothing changed for the tag's heartbeat period (so the backend can tell "steady" from "gone").
/// </summary>
public sealed class ReportByException
{
    private readonly Dictionary<string, Published> _last = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns true when <paramref name="sample"/> must be published, and records it as published. The heartbeat runs
    /// on <paramref name="nowMs"/>, not on acquisition time, so a stale value (which keeps its old time) still beats.
    /// </summary>
    public bool ShouldPublish(TagSample sample, TagPollSettings settings, double? span, long nowMs)
    {
        string key = sample.Path;
        bool publish = !_last.TryGetValue(key, out Published last)
            || last.Quality != sample.Quality
            || settings.Deadband.Exceeded(last.Value, sample.Value, span)
            || nowMs - last.AtMs >= (long)settings.Heartbeat.TotalMilliseconds;
        if (publish)
        {
            _last[key] = new Published(sample.Value, sample.Quality, nowMs);
        }

        return publish;
    }

    private readonly record struct Published(double Value, TagQuality Quality, long AtMs);
}
