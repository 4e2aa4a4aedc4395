using System.Security.Claims;

namespace EdgeSensors.Fleet.Identity;

/// <summary>Claim names the authentication handler issues, and readers for them.</summary>
public static class FleetClaims
{
    public const string Tenant = "fleet:tenant";
    public const string Role = "fleet:role";
    public const string Actor = "fleet:actor";
    public const string Session = "fleet:session";

    public static FleetRole? RoleOf(ClaimsPrincipal user) =>
        Enum.TryParse<FleetRole>(user.FindFirstValue(Role), out var role) ? role : null;

    public static Guid? SessionOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Session), out var id) ? id : null;

    public static string ActorOf(ClaimsPrincipal user) => user.FindFirstValue(Actor) ?? "anonymous";
}
