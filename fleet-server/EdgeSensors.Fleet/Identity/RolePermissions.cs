namespace EdgeSensors.Fleet.Identity;

/// <summary>
/// The permission table, the one place that says which role may do what (docs/fleet-server.md prints it).
/// A feature that adds a permission adds one row here.
/// </summary>
public static class RolePermissions
{
    private static readonly Dictionary<string, FleetRole[]> Table = new()
    {
        [Permissions.RegistryRead] = [FleetRole.Viewer, FleetRole.Technician, FleetRole.Engineer, FleetRole.Admin],
        [Permissions.DevicesWrite] = [FleetRole.Technician, FleetRole.Engineer, FleetRole.Admin],
        [Permissions.RegistryWrite] = [FleetRole.Engineer, FleetRole.Admin],
        [Permissions.AuditRead] = [FleetRole.Engineer, FleetRole.Admin],
        [Permissions.UsersManage] = [FleetRole.Admin],
        [Permissions.ApiKeysManage] = [FleetRole.Admin],
        [Permissions.AuditVerify] = [FleetRole.Admin],
        [Permissions.ConfigsRead] = [FleetRole.Viewer, FleetRole.Technician, FleetRole.Engineer, FleetRole.Admin],
        [Permissions.ConfigsWrite] = [FleetRole.Engineer, FleetRole.Admin],
        [Permissions.ConfigsApprove] = [FleetRole.Engineer, FleetRole.Admin],
        [Permissions.EnrolmentManage] = [FleetRole.Admin],
        [Permissions.CredentialsManage] = [FleetRole.Admin],
        [Permissions.LiveRead] = [FleetRole.Viewer, FleetRole.Technician, FleetRole.Engineer, FleetRole.Admin],
        [Permissions.AlarmsAck] = [FleetRole.Technician, FleetRole.Engineer, FleetRole.Admin],
    };

    /// <summary>Every permission name in the table.</summary>
    public static IReadOnlyCollection<string> All => Table.Keys;

    /// <summary>The roles that hold <paramref name="permission"/>; throws for a name missing from the table.</summary>
    public static IReadOnlyList<FleetRole> RolesWith(string permission) =>
        Table.TryGetValue(permission, out var roles)
            ? roles
            : throw new KeyNotFoundException($"Permission '{permission}' is not in RolePermissions; add a row for it.");

    public static bool Allows(FleetRole role, string permission) => RolesWith(permission).Contains(role);
}
