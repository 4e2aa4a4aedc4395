namespace EdgeSensors.Fleet.Identity;

/// <summary>The four roles; what each may do is in <see cref="RolePermissions"/>.</summary>
public enum FleetRole
{
    Viewer,
    Technician,
    Engineer,
    Admin,
}
