using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Identity;

/// <summary>A user as the API shows it (never the password hash).</summary>
public sealed record UserView(Guid Id, string UserName, FleetRole Role, bool Disabled, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static UserView Of(User u) => new(u.Id, u.UserName, u.Role, u.Disabled, u.CreatedAt, u.UpdatedAt);
}

/// <summary>An API key as the API shows it (never the secret or its hash).</summary>
public sealed record ApiKeyView(Guid Id, string Name, FleetRole Role, string CreatedBy, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt)
{
    public static ApiKeyView Of(ApiKey k) => new(k.Id, k.Name, k.Role, k.CreatedBy, k.CreatedAt, k.ExpiresAt, k.RevokedAt);
}
