namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>What an area of a site is: a plain area (bund, pump house) or a tank.</summary>
public enum AreaKind
{
    Area,
    Tank,
}

/// <summary>An area or tank inside a site. A tank may declare its overfill level, which the config safety rules keep HH below.</summary>
public sealed class Area : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SiteId { get; set; }
    public required string Name { get; set; }
    public AreaKind Kind { get; set; }

    /// <summary>Tanks only: the level at which the tank overfills, in <see cref="OverfillLevelUnit"/>.</summary>
    public double? OverfillLevel { get; set; }

    /// <summary>Unit of <see cref="OverfillLevel"/>, e.g. "m", "mm" or "%".</summary>
    public string? OverfillLevelUnit { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token: 1 when created, +1 on every change through the API (the ETag; PUT needs If-Match).</summary>
    public int Version { get; set; } = 1;
}
