namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>Alarm when the value changes faster than <see cref="PerMinute"/> (tag unit per minute) over <see cref="Window"/>.</summary>
public sealed record RateOfChange(double PerMinute, TimeSpan Window);
