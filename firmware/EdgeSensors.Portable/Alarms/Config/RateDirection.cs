namespace EdgeSensors.Alarms;

/// <summary>Which way of changing a rate-of-change alarm watches.</summary>
public enum RateDirection
{
    /// <summary>The value falls at least as fast as the limit (a pressure or level drop: a leak).</summary>
    Falling = 0,

    /// <summary>The value rises at least as fast as the limit.</summary>
    Rising = 1,

    /// <summary>Either way.</summary>
    Either = 2,
}
