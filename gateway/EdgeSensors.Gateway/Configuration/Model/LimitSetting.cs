namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>One limit alarm (hh, h, l or ll): set point and hysteresis in the tag's unit, delays, latching.</summary>
public sealed record LimitSetting(double Value, double Hysteresis, TimeSpan OnDelay, TimeSpan OffDelay, bool Latch);
