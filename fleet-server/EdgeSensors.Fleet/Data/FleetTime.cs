namespace EdgeSensors.Fleet.Data;

/// <summary>Timestamps as stored: UTC, cut to whole milliseconds so SQLite text and PostgreSQL timestamptz round-trip alike.</summary>
public static class FleetTime
{
    public static DateTime UtcNow(this TimeProvider time) => Truncate(time.GetUtcNow().UtcDateTime);

    public static DateTime Truncate(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
