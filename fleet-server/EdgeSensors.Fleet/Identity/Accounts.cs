using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EdgeSensors.Fleet.Identity;

/// <summary>Creates tenants, users and API keys, audited; shared by the API, the admin CLI and first-start bootstrap.</summary>
public sealed class Accounts(FleetDbContext db, AuditLog audit, IPasswordHasher<User> hasher, TimeProvider time, IOptions<AuthOptions> auth)
{
    public async Task<Tenant> CreateTenantAsync(string name, CancellationToken cancellationToken = default)
    {
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = name, CreatedAt = time.UtcNow() };
        db.Tenants.Add(tenant);
        audit.Record("tenant.create", "tenant", tenant.Id, null, new { tenant.Id, tenant.Name }, tenant.Id);
        await audit.SaveChangesAsync(cancellationToken);
        return tenant;
    }

    /// <summary>Why <paramref name="password"/> is refused, or null when it is acceptable.</summary>
    public string? CheckPassword(string password) =>
        password.Length < auth.Value.MinimumPasswordLength
            ? $"The password has {password.Length} characters; at least {auth.Value.MinimumPasswordLength} are needed (Fleet:Auth:MinimumPasswordLength)."
            : null;

    public async Task<User> CreateUserAsync(Guid tenantId, string userName, FleetRole role, string password, CancellationToken cancellationToken = default)
    {
        var now = time.UtcNow();
        var user = new User
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            UserName = userName,
            Role = role,
            PasswordHash = "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        audit.Record("user.create", "user", user.Id, null, UserView.Of(user), tenantId);
        await audit.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Creates a key; the returned token is the only copy of the secret.</summary>
    public async Task<(ApiKey Key, string Token)> CreateApiKeyAsync(Guid tenantId, string name, FleetRole role, DateTime? expiresAt,
        string createdBy, CancellationToken cancellationToken = default)
    {
        var token = BearerTokens.New(BearerTokens.ApiKeyPrefix);
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Name = name,
            Role = role,
            SecretHash = BearerTokens.Hash(token),
            CreatedBy = createdBy,
            CreatedAt = time.UtcNow(),
            ExpiresAt = expiresAt,
        };
        db.ApiKeys.Add(key);
        audit.Record("apikey.create", "apikey", key.Id, null, ApiKeyView.Of(key), tenantId);
        await audit.SaveChangesAsync(cancellationToken);
        return (key, token);
    }

    public Task<Tenant?> FindTenantAsync(string name, CancellationToken cancellationToken = default) =>
        db.Tenants.FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
}
