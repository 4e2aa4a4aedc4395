namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>
/// A signed-in user's bearer token, stored as its SHA-256 only. Kept in the database (not in memory) so that any
/// instance on the same database accepts it and a sign-out or a disabled user takes effect everywhere.
/// </summary>
public sealed class Session : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
