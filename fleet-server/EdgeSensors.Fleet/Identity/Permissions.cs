namespace EdgeSensors.Fleet.Identity;

/// <summary>
/// Permission names. Each is also an authorization policy name, so an endpoint says
/// <c>.RequireAuthorization(Permissions.RegistryWrite)</c>. Which role holds which is in <see cref="RolePermissions"/>.
/// </summary>
public static class Permissions
{
    /// <summary>Read the registry: tenant, sites, areas, devices, tags, labels.</summary>
    public const string RegistryRead = "registry.read";

    /// <summary>Create, change and delete sites and areas/tanks, and the tenant's own labels.</summary>
    public const string RegistryWrite = "registry.write";

    /// <summary>Create, change and delete devices and tags (field installation work).</summary>
    public const string DevicesWrite = "devices.write";

    /// <summary>Create, change and disable users.</summary>
    public const string UsersManage = "users.manage";

    /// <summary>Create and revoke API keys.</summary>
    public const string ApiKeysManage = "apikeys.manage";

    /// <summary>Read the audit log.</summary>
    public const string AuditRead = "audit.read";

    /// <summary>Read config revisions, diffs, the drift view and rollouts.</summary>
    public const string ConfigsRead = "configs.read";

    /// <summary>Submit config revisions and start, pause, resume or roll back rollouts.</summary>
    public const string ConfigsWrite = "configs.write";

    /// <summary>Approve an alarm-impacting config revision (never one's own).</summary>
    public const string ConfigsApprove = "configs.approve";

    /// <summary>Verify the audit log's hash chain.</summary>
    public const string AuditVerify = "audit.verify";

    /// <summary>Create, list and revoke enrolment tokens (Enrolment/).</summary>
    public const string EnrolmentManage = "enrolment.manage";

    /// <summary>See, rotate and revoke a device's MQTT credentials (Enrolment/).</summary>
    public const string CredentialsManage = "credentials.manage";

    /// <summary>Read live readings and active alarms (Live/, the dashboard).</summary>
    public const string LiveRead = "live.read";

    /// <summary>Send an acknowledge command for a device's alarms (Live/Ack); the device changes the alarm state.</summary>
    public const string AlarmsAck = "alarms.ack";
}
